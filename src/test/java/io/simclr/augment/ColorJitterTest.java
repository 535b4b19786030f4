package io.simclr.augment;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.TestImages;
import io.simclr.testing.Tf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class ColorJitterTest {
  /**
   * The straightforward form: in each order slot compute every transform for every image and let
   * each image keep the one its permutation names (k x k transforms per image).
   */
  static Operand<TFloat32> everyCandidate(Ops tf, StepRandom rnd, Operand<TFloat32> x, int m, int channels, double s,
      double p) {
    double b = 0.8 * s;
    Operand<TFloat32> bright = rnd.uniform(new long[] {m, 1, 1, 1}, Math.max(0, 1 - b), 1 + b);
    Operand<TFloat32> contrast = rnd.uniform(new long[] {m, 1, 1, 1}, Math.max(0, 1 - b), 1 + b);
    Operand<TFloat32> sat = null;
    Operand<TFloat32> hue = null;
    if (channels == 3) {
      sat = rnd.uniform(new long[] {m, 1, 1, 1}, Math.max(0, 1 - b), 1 + b);
      hue = rnd.uniform(new long[] {m, 1, 1}, -0.2 * s, 0.2 * s);
    }
    int k = channels == 3 ? 4 : 2;
    Operand<TInt32> order = tf.nn.topK(rnd.uniform(new long[] {m, k}, 0, 1), tf.constant(k), TInt32.class).indices();
    Operand<TBool> jittered = tf.reshape(rnd.rowCoin(m, p), tf.constant(new int[] {m, 1, 1, 1}));
    Operand<TFloat32> out = x;
    for (int slot = 0; slot < k; slot++) {
      Operand<TInt32> which = tf.reshape(tf.slice(order, tf.constant(new int[] {0, slot}), tf.constant(new int[] {m, 1})),
          tf.constant(new int[] {m, 1, 1, 1}));
      List<Operand<TFloat32>> candidates = new ArrayList<>();
      candidates.add(ColorJitter.clip(tf, tf.math.mul(out, bright)));
      candidates.add(ColorJitter.clip(tf, ColorJitter.adjustContrast(tf, out, contrast)));
      if (channels == 3) {
        candidates.add(ColorJitter.clip(tf, ColorJitter.adjustSaturation(tf, out, sat)));
        candidates.add(ColorJitter.adjustHue(tf, out, hue));
      }
      Operand<TFloat32> next = out;
      for (int t = 0; t < k; t++) {
        next = tf.select(tf.math.equal(which, tf.constant(t)), candidates.get(t), next);
      }
      out = next;
    }
    return tf.select(jittered, out, x);
  }

  @Test
  void partitionedJitterEqualsEveryCandidateBitForBit() {
    int m = 16, h = 9, w = 7;
    for (int c : new int[] {1, 3}) {
      float[] px = new float[m * h * w * c];
      byte[] raw = TestImages.randomBytes(px.length, 11 + c);
      for (int i = 0; i < px.length; i++) px[i] = (raw[i] & 0xff) / 255f;
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        var x = tf.constant(Shape.of(m, c, h, w), DataBuffers.of(px));
        var step = tf.constant(5L);
        float[] fast = Tf.fetch(s, ColorJitter.apply(tf, new StepRandom(tf, 3, step), x, m, c, 1.0, 0.5));
        float[] reference = Tf.fetch(s, everyCandidate(tf, new StepRandom(tf, 3, step), x, m, c, 1.0, 0.5));
        assertArrayEquals(reference, fast, "channels " + c);
        // some images jittered, some left exactly as they were
        int changed = 0;
        int image = c * h * w;
        for (int i = 0; i < m; i++) {
          boolean same = Arrays.equals(Arrays.copyOfRange(fast, i * image, (i + 1) * image),
              Arrays.copyOfRange(px, i * image, (i + 1) * image));
          changed += same ? 0 : 1;
        }
        assertTrue(changed > 0 && changed < m, "jittered images: " + changed + " of " + m);
      }
    }
  }
}
