package io.simclr.augment;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Per-image colour jitter with strength s, with probability p: brightness (multiplicative), contrast, saturation and
 * hue, applied in a random order per image, each followed by a clip to [0, 1]. TensorFlow's
 * adjust ops take one factor for the whole batch, so the formulas are written out here.
 * Single-channel images get brightness and contrast only.
 *
 * <p>Images are channels-first, [m, C, H, W]: a channel is then a contiguous plane, and the
 * saturation and hue changes are written on the R, G and B planes directly (equal to TensorFlow's
 * RGB-to-HSV-and-back, whose CPU kernels took 8x and 4x longer, docs/benchmarks.md).
 */
public final class ColorJitter {
  private ColorJitter() {}

  /** {@code x}: [m, C, H, W] in [0, 1]; each image jittered with probability {@code p}. */
  public static Operand<TFloat32> apply(
      Ops tf, StepRandom rnd, Operand<TFloat32> x, int m, int channels, double s, double p) {
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
    // A random permutation per image: the ranks of k uniforms.
    Operand<TInt32> order = tf.nn.topK(rnd.uniform(new long[] {m, k}, 0, 1), tf.constant(k), TInt32.class).indices();
    Operand<TBool> jittered = rnd.rowCoin(m, p);
    // Each slot applies, to each image, the transform its permutation names there: the batch is
    // partitioned by transform, each part transformed, and the parts stitched back, so every image
    // goes through k transforms (not k x k, as selecting among all candidates would cost). Images
    // left unjittered go to part k, untouched, in every slot.
    Operand<TInt32> ids = tf.range(tf.constant(0), tf.constant(m), tf.constant(1));
    Operand<TInt32> none = tf.fill(tf.constant(new int[] {m}), tf.constant(k));
    Operand<TFloat32> out = x;
    for (int slot = 0; slot < k; slot++) {
      Operand<TInt32> which = tf.select(jittered, tf.reshape(
          tf.slice(order, tf.constant(new int[] {0, slot}), tf.constant(new int[] {m, 1})), tf.constant(new int[] {m})), none);
      List<Output<TFloat32>> images = tf.dynamicPartition(out, which, (long) k + 1).outputs();
      List<Operand<TFloat32>> parts = new ArrayList<>();
      parts.add(clip(tf, tf.math.mul(images.get(0), part(tf, bright, which, k, 0))));
      parts.add(clip(tf, adjustContrast(tf, images.get(1), part(tf, contrast, which, k, 1))));
      if (channels == 3) {
        parts.add(clip(tf, adjustSaturation(tf, images.get(2), part(tf, sat, which, k, 2))));
        // V - C w with w in [0, 1] stays within [min, V]: no clip needed
        parts.add(adjustHue(tf, images.get(3), part(tf, hue, which, k, 3)));
      }
      parts.add(images.get(k));
      List<Operand<TInt32>> where = new ArrayList<>(tf.dynamicPartition(ids, which, (long) k + 1).outputs());
      // the stitched batch has the input's static shape again
      out = tf.reshape(tf.dynamicStitch(where, parts), tf.constant(x.shape().asArray()));
    }
    return out;
  }

  /** The factors of the images whose transform in this slot is {@code t}. */
  private static Operand<TFloat32> part(Ops tf, Operand<TFloat32> factors, Operand<TInt32> which, int k, int t) {
    return tf.dynamicPartition(factors, which, (long) k + 1).outputs().get(t);
  }

  /** (x - mean) * f + mean, with the mean per image and channel over H and W; x [m, C, H, W]. */
  static Operand<TFloat32> adjustContrast(Ops tf, Operand<TFloat32> x, Operand<TFloat32> f) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(new int[] {2, 3}), Mean.keepDims(true));
    return tf.math.add(tf.math.mul(tf.math.sub(x, mean), f), mean);
  }

  /**
   * HSV saturation times {@code f} (then clipped to [0, 1]) at unchanged hue and value, on RGB
   * [m, 3, H, W] with f [m, 1, 1, 1]. At fixed H and V every channel is V - V S g(H), so scaling S
   * to S' = min(f S, 1) moves each channel to V - (V - c) S'/S, with S'/S = min(f, V / (V - min)).
   */
  static Operand<TFloat32> adjustSaturation(Ops tf, Operand<TFloat32> x, Operand<TFloat32> f) {
    // per plane: same-shape elementwise ops, no broadcast over the channel axis
    List<Output<TFloat32>> rgb = tf.unstack(x, 3L, Unstack.axis(1L)).output();
    Operand<TFloat32> v = tf.math.maximum(tf.math.maximum(rgb.get(0), rgb.get(1)), rgb.get(2));
    Operand<TFloat32> min = tf.math.minimum(tf.math.minimum(rgb.get(0), rgb.get(1)), rgb.get(2));
    // a grey pixel (V = min) has V - c = 0 in every channel: any finite ratio leaves it
    Operand<TFloat32> ratio = tf.math.minimum(tf.reshape(f, tf.constant(new int[] {-1, 1, 1})),
        tf.math.div(v, tf.math.maximum(tf.math.sub(v, min), tf.constant(1e-12f))));
    List<Operand<TFloat32>> planes = new ArrayList<>(3);
    for (Output<TFloat32> c : rgb) {
      planes.add(tf.math.sub(v, tf.math.mul(tf.math.sub(v, c), ratio)));
    }
    return tf.stack(planes, Stack.axis(1L));
  }

  /**
   * HSV hue plus {@code shift} (turns, wrapped) at unchanged saturation and value, on RGB
   * [m, 3, H, W] with shift [m, 1, 1]: the hue as TensorFlow's RGBToHSV computes it (sector of the
   * largest channel, R before G before B), then each channel as V - C clamp(min(k, 4 - k), 0, 1)
   * with k = (n + 6 H) mod 6 and n = 5, 3, 1 for R, G, B (HSVToRGB in closed form).
   */
  static Operand<TFloat32> adjustHue(Ops tf, Operand<TFloat32> x, Operand<TFloat32> shift) {
    List<Output<TFloat32>> rgb = tf.unstack(x, 3L, Unstack.axis(1L)).output();
    Operand<TFloat32> r = rgb.get(0);
    Operand<TFloat32> g = rgb.get(1);
    Operand<TFloat32> b = rgb.get(2);
    Operand<TFloat32> v = tf.math.maximum(tf.math.maximum(r, g), b);
    Operand<TFloat32> chroma = tf.math.sub(v, tf.math.minimum(tf.math.minimum(r, g), b));
    // grey pixels (C = 0) get hue 0, as TensorFlow's; their channels stay V whatever the hue
    Operand<TFloat32> inv = tf.math.div(tf.constant(1f), tf.math.maximum(chroma, tf.constant(1e-12f)));
    Operand<TFloat32> fromR = tf.math.mul(tf.math.sub(g, b), inv);
    Operand<TFloat32> fromG = tf.math.add(tf.constant(2f), tf.math.mul(tf.math.sub(b, r), inv));
    Operand<TFloat32> fromB = tf.math.add(tf.constant(4f), tf.math.mul(tf.math.sub(r, g), inv));
    Operand<TFloat32> sixths = tf.select(tf.math.equal(r, v), fromR, tf.select(tf.math.equal(g, v), fromG, fromB));
    Operand<TFloat32> h = tf.math.add(sixths, tf.math.mul(shift, tf.constant(6f)));
    List<Operand<TFloat32>> planes = new ArrayList<>(3);
    for (float n : new float[] {5f, 3f, 1f}) {
      Operand<TFloat32> k = mod6(tf, tf.math.add(h, tf.constant(n)));
      Operand<TFloat32> w = tf.clipByValue(tf.math.minimum(k, tf.math.sub(tf.constant(4f), k)), tf.constant(0f), tf.constant(1f));
      planes.add(tf.math.sub(v, tf.math.mul(chroma, w)));
    }
    return tf.stack(planes, Stack.axis(1L));
  }

  /** x mod 6 in [0, 6) (FloorMod's float kernel is several times slower than floor). */
  private static Operand<TFloat32> mod6(Ops tf, Operand<TFloat32> x) {
    return tf.math.sub(x, tf.math.mul(tf.constant(6f), tf.math.floor(tf.math.mul(x, tf.constant(1f / 6)))));
  }

  static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> x) {
    return tf.clipByValue(x, tf.constant(0f), tf.constant(1f));
  }
}
