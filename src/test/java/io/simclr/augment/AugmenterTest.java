package io.simclr.augment;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.util.ImageShape;
import io.simclr.data.TestImages;
import io.simclr.testing.Tf;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

class AugmenterTest {
  static final int B = 3;
  static final int H = 6;
  static final int W = 5;

  /** Runs the pipeline once at (seed, step) and returns the views. */
  static float[] views(AugmentConfig c, byte[] px, int channels, long seed, long step) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(B, H, W, channels)));
      StepRandom rnd = new StepRandom(tf, seed, tf.constant(step));
      Operand<TFloat32> v = Augmenter.twoViews(tf, rnd, c, images, B, new ImageShape(H, W, channels));
      assertEquals(Shape.of(2 * B, H, W, channels), v.shape());
      try (TUint8 t = Tf.bytes(Shape.of(B, H, W, channels), px)) {
        return Tf.fetch(s, v, images, t);
      }
    }
  }

  static float px(byte[] p, int i) {
    return (p[i] & 0xff) / 255f;
  }

  @Test
  void identitySettingsGiveTheInputBackInBothViews() {
    for (int c : new int[] {1, 3}) {
      byte[] p = TestImages.randomBytes(B * H * W * c, 5);
      float[] v = views(AugmentConfig.identity(), p, c, 1, 0);
      for (int i = 0; i < v.length; i++) {
        assertEquals(px(p, i % p.length), v[i], 1e-5, "index " + i + " channels " + c);
      }
    }
  }

  @Test
  void flipWithProbabilityOneMirrorsExactly() {
    AugmentConfig c = AugmentConfig.identity();
    c = new AugmentConfig(1, 1, 1, 1, 1.0, 0, 0, 0, 0, 0.1, 2);
    byte[] p = TestImages.randomBytes(B * H * W * 3, 6);
    float[] v = views(c, p, 3, 1, 0);
    for (int n = 0; n < 2 * B; n++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          for (int ch = 0; ch < 3; ch++) {
            int src = (((n % B) * H + y) * W + (W - 1 - x)) * 3 + ch;
            int dst = ((n * H + y) * W + x) * 3 + ch;
            assertEquals(px(p, src), v[dst], 1e-5);
          }
        }
      }
    }
  }

  @Test
  void fullRecipeStaysInRangeAndIsReproducible() {
    AugmentConfig c = new AugmentConfig(0.08, 1, 0.75, 4.0 / 3, 0.5, 0.8, 1.0, 0.2, 0.5, 0.1, 2.0);
    byte[] p = TestImages.randomBytes(B * H * W * 3, 7);
    float[] a = views(c, p, 3, 42, 7);
    float[] b = views(c, p, 3, 42, 7);
    float[] otherStep = views(c, p, 3, 42, 8);
    float[] otherSeed = views(c, p, 3, 43, 7);
    assertArrayEquals(a, b, "same seed and step, same views");
    assertFalse(Arrays.equals(a, otherStep), "another step draws other augmentations");
    assertFalse(Arrays.equals(a, otherSeed), "another seed draws other augmentations");
    for (float f : a) {
      assertTrue(f >= 0 && f <= 1, "value " + f);
    }
    // the two views of an image differ
    int per = H * W * 3;
    assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, per), Arrays.copyOfRange(a, B * per, B * per + per)));
  }

  @Test
  void grayscaleSingleChannelInputWorks() {
    AugmentConfig c = AugmentConfig.defaults(H);
    float[] v = views(c, TestImages.randomBytes(B * H * W, 8), 1, 3, 0);
    assertEquals(2 * B * H * W, v.length);
  }

  @Test
  void cropBoxesStayInsideTheImageWithAreasInRange() {
    int m = 2000;
    AugmentConfig c = AugmentConfig.defaults(32);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      StepRandom rnd = new StepRandom(tf, 9, tf.constant(3L));
      float[] boxes = Tf.fetch(s, RandomResizedCrop.boxes(tf, rnd, c, m));
      double minArea = 1;
      for (int i = 0; i < m; i++) {
        float y1 = boxes[4 * i], x1 = boxes[4 * i + 1], y2 = boxes[4 * i + 2], x2 = boxes[4 * i + 3];
        assertTrue(y1 >= 0 && x1 >= 0 && y2 <= 1.00001f && x2 <= 1.00001f && y2 > y1 && x2 > x1, "box " + i);
        double area = (y2 - y1) * (x2 - x1);
        assertTrue(area <= 1.00001 && area >= 0.08 * 0.999, "area " + area);
        minArea = Math.min(minArea, area);
      }
      assertTrue(minArea < 0.15, "small crops are drawn: " + minArea);
    }
  }

  @Test
  void cropAndResizeMatchesHandComputedBilinear() {
    // 3x3 single-channel image 0..8; the box (0,0)-(0.5,0.5) samples y,x in {0, 0.5, 1}.
    byte[] img = {0, 10, 20, 30, 40, 50, 60, 70, 80};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TUint8> x = tf.constant(Shape.of(1, 3, 3, 1), DataBuffers.of(img));
      Operand<TFloat32> box = tf.constant(new float[][] {{0f, 0f, 0.5f, 0.5f}});
      float[] out = Tf.fetch(s, RandomResizedCrop.apply(tf, x, box, new int[] {0}, new ImageShape(3, 3, 1)));
      float[] expected = {0, 5, 10, 15, 20, 25, 30, 35, 40};
      assertArrayEquals(expected, out, 1e-4f);
    }
  }

  @Test
  void grayscaleUsesLumaWeights() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // one 1x1 image, channels-first [1, 3, 1, 1]
      Operand<TFloat32> x = tf.constant(new float[][][][] {{{{1f}}, {{0.5f}}, {{0.25f}}}});
      float[] out = Tf.fetch(s, Augmenter.grayscale(tf, x));
      float expected = 0.2989f + 0.5870f * 0.5f + 0.1140f * 0.25f;
      assertArrayEquals(new float[] {expected, expected, expected}, out, 1e-6f);
    }
  }

  @Test
  void contrastSaturationAndHueFormulas() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // one 1x2 RGB image, pixels (0.2, 0.4, 0.6) and (0.6, 0.2, 0.4), channels-first [1, 3, 1, 2]
      Operand<TFloat32> x = tf.constant(new float[][][][] {{{{0.2f, 0.6f}}, {{0.4f, 0.2f}}, {{0.6f, 0.4f}}}});
      float[] c = Tf.fetch(s, ColorJitter.adjustContrast(tf, x, tf.constant(new float[][][][] {{{{2f}}}})));
      // channel means 0.4, 0.3, 0.5 -> (x - mean) * 2 + mean
      assertArrayEquals(new float[] {0.0f, 0.8f, 0.5f, 0.1f, 0.7f, 0.3f}, c, 1e-6f);
      Operand<TFloat32> one = tf.constant(new float[][][][] {{{{1f}}}});
      Operand<TFloat32> zero = tf.constant(new float[][][][] {{{{0f}}}});
      float[] input = {0.2f, 0.6f, 0.4f, 0.2f, 0.6f, 0.4f};
      assertArrayEquals(input, Tf.fetch(s, ColorJitter.adjustSaturation(tf, x, one)), 1e-6f);
      assertArrayEquals(input, Tf.fetch(s, ColorJitter.adjustHue(tf, x, tf.constant(new float[][][] {{{0f}}}))), 1e-6f);
      // saturation 0 gives gray = max channel (the V of HSV)
      assertArrayEquals(new float[] {0.6f, 0.6f, 0.6f, 0.6f, 0.6f, 0.6f}, Tf.fetch(s, ColorJitter.adjustSaturation(tf, x, zero)), 1e-6f);
      // saturation x2: S = 2/3 -> 1 (clipped), min channel to 0: V - (V - c) * 1.5
      float[] doubled = Tf.fetch(s, ColorJitter.adjustSaturation(tf, x, tf.constant(new float[][][][] {{{{2f}}}})));
      assertArrayEquals(new float[] {0f, 0.6f, 0.3f, 0f, 0.6f, 0.3f}, doubled, 1e-6f);
      // a hue shift of 1/3 rotates R -> G -> B; -1/3 back, and a whole turn changes nothing
      float[] rotated = Tf.fetch(s, ColorJitter.adjustHue(tf, x, tf.constant(new float[][][] {{{1f / 3}}})));
      assertArrayEquals(new float[] {0.6f, 0.4f, 0.2f, 0.6f, 0.4f, 0.2f}, rotated, 1e-6f);
      float[] back = Tf.fetch(s, ColorJitter.adjustHue(tf, x, tf.constant(new float[][][] {{{-1f / 3}}})));
      assertArrayEquals(new float[] {0.4f, 0.2f, 0.6f, 0.4f, 0.2f, 0.6f}, back, 1e-6f);
    }
  }

  /** The RGB-plane formulas against TensorFlow's own RGBToHSV / HSVToRGB kernels on random colours. */
  @Test
  void saturationAndHueEqualTensorFlowsHsvRoundTrip() {
    int m = 40, h = 6, w = 5;
    float[] px = new float[m * 3 * h * w];
    byte[] raw = TestImages.randomBytes(px.length, 17);
    for (int i = 0; i < px.length; i++) px[i] = (raw[i] & 0xff) / 255f;
    // greys, a black, a white and pure primaries among them
    for (int i = 0; i < 3; i++) {
      px[i * h * w] = 0.5f;
      px[i * h * w + 1] = 0f;
      px[i * h * w + 2] = 1f;
      px[i * h * w + 3] = i == 0 ? 1f : 0f;
    }
    float[] sat = new float[m];
    float[] hue = new float[m];
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < m; i++) {
      sat[i] = (float) (r.nextDouble() * 2);
      hue[i] = (float) (r.nextDouble() - 0.5);
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(m, 3, h, w), DataBuffers.of(px));
      Operand<TFloat32> nhwc = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1}));
      List<Operand<TFloat32>> hsv = new java.util.ArrayList<>(
          tf.unstack(tf.image.rgbToHsv(nhwc), 3L, org.tensorflow.op.core.Unstack.axis(3L)).output());
      Operand<TFloat32> f = tf.constant(Shape.of(m, 1, 1), DataBuffers.of(sat));
      Operand<TFloat32> d = tf.constant(Shape.of(m, 1, 1), DataBuffers.of(hue));
      Operand<TFloat32> sScaled = tf.clipByValue(tf.math.mul(hsv.get(1), f), tf.constant(0f), tf.constant(1f));
      Operand<TFloat32> shifted = tf.math.add(hsv.get(0), d);
      Operand<TFloat32> hWrapped = tf.math.sub(shifted, tf.math.floor(shifted));
      Operand<TFloat32> satRef = tf.image.hsvToRgb(tf.stack(List.of(hsv.get(0), sScaled, hsv.get(2)),
          org.tensorflow.op.core.Stack.axis(3L)));
      Operand<TFloat32> hueRef = tf.image.hsvToRgb(tf.stack(List.of(hWrapped, hsv.get(1), hsv.get(2)),
          org.tensorflow.op.core.Stack.axis(3L)));
      int[] toNhwc = {0, 2, 3, 1};
      float[] satOut = Tf.fetch(s, tf.linalg.transpose(ColorJitter.adjustSaturation(tf, x,
          tf.reshape(f, tf.constant(new int[] {m, 1, 1, 1}))), tf.constant(toNhwc)));
      float[] hueOut = Tf.fetch(s, tf.linalg.transpose(ColorJitter.adjustHue(tf, x, d), tf.constant(toNhwc)));
      assertArrayEquals(Tf.fetch(s, satRef), satOut, 2e-6f);
      assertArrayEquals(Tf.fetch(s, hueRef), hueOut, 2e-6f);
    }
  }

  @Test
  void blurMatchesSeparableReferenceWithZeroPadding() {
    int h = 5, w = 4;
    byte[] p = TestImages.randomBytes(h * w, 10);
    float sigma = 0.8f;
    int r = 1;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] xs = new float[h * w];
      for (int i = 0; i < xs.length; i++) xs[i] = px(p, i);
      Operand<TFloat32> x = tf.constant(Shape.of(1, 1, h, w), DataBuffers.of(xs));
      float[] out = Tf.fetch(s, GaussianBlur.apply(tf, x, tf.constant(new float[] {sigma}), 1, new ImageShape(h, w, 1), r));
      double[] k = new double[2 * r + 1];
      double sum = 0;
      for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-i * i / (2.0 * sigma * sigma));
      for (int i = 0; i < k.length; i++) k[i] /= sum;
      double[] tmp = new double[h * w];
      for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) {
        double acc = 0;
        for (int d = -r; d <= r; d++) if (xx + d >= 0 && xx + d < w) acc += k[d + r] * xs[y * w + xx + d];
        tmp[y * w + xx] = acc;
      }
      for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) {
        double acc = 0;
        for (int d = -r; d <= r; d++) if (y + d >= 0 && y + d < h) acc += k[d + r] * tmp[(y + d) * w + xx];
        assertEquals(acc, out[y * w + xx], 1e-5, "pixel " + y + "," + xx);
      }
    }
  }

  @Test
  void stepVariableDrivesRandomness() {
    // The same graph gives different draws as the fed step changes.
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> u = new StepRandom(tf, 1, step).uniform(new long[] {4}, 0, 1);
      float[] a, b, a2;
      try (TInt64 t = TInt64.scalarOf(1)) { a = Tf.fetch(s, u, step, t); }
      try (TInt64 t = TInt64.scalarOf(2)) { b = Tf.fetch(s, u, step, t); }
      try (TInt64 t = TInt64.scalarOf(1)) { a2 = Tf.fetch(s, u, step, t); }
      assertArrayEquals(a, a2);
      assertFalse(Arrays.equals(a, b));
    }
  }

  /**
   * A worker augments only its share of the batch with {@link StepRandom#rows}: the views the whole
   * batch's augmentation gives those images (crop, flip, jitter, grayscale and blur all on), up to
   * the last bit: the same random numbers, but Eigen computes exp/log of a vector's SIMD body and
   * of its tail differently, and the share's tails are other elements than the whole batch's
   * (with 16 images, so that both 32 and 16 rows are whole AVX vectors, the views are identical).
   */
  @Test
  void aShareOfTheBatchGetsExactlyTheWholeBatchsViewsOfItsImages() {
    int b = 4;
    int side = 40;  // above 32 px, so the default blur is on
    ImageShape shape = new ImageShape(side, side, 3);
    AugmentConfig c = AugmentConfig.defaults(side).withBlurProb(0.5).withGrayProb(0.5);
    byte[] p = TestImages.randomBytes(b * side * side * 3, 11);
    int pixels = side * side * 3;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(b, side, side, 3)));
      Operand<TFloat32> all = Augmenter.twoViews(tf, new StepRandom(tf, 3, tf.constant(9L)), c, images, b, shape);
      float[] whole;
      try (TUint8 t = Tf.bytes(Shape.of(b, side, side, 3), p)) {
        whole = Tf.fetch(s, all, images, t);
      }
      for (int task = 0; task < 2; task++) {
        int per = b / 2;
        int[] rows = new int[2 * per];
        for (int i = 0; i < per; i++) {
          rows[i] = task * per + i;
          rows[per + i] = b + task * per + i;
        }
        var mine = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(per, side, side, 3)));
        Operand<TFloat32> share = Augmenter.twoViews(tf, StepRandom.rows(tf, 3, tf.constant(9L), 2L * b, rows), c, mine,
            per, shape);
        byte[] part = java.util.Arrays.copyOfRange(p, task * per * pixels, (task + 1) * per * pixels);
        float[] v;
        try (TUint8 t = Tf.bytes(Shape.of(per, side, side, 3), part)) {
          v = Tf.fetch(s, share, mine, t);
        }
        double max = 0;
        for (int r = 0; r < rows.length; r++) {
          for (int i = 0; i < pixels; i++) {
            max = Math.max(max, Math.abs(whole[rows[r] * pixels + i] - v[r * pixels + i]));
          }
        }
        System.out.printf("share %d of 2: max |difference| from the whole batch's views %.1e%n", task, max);
        assertTrue(max < 1e-5, "task " + task + ": " + max);
      }
    }
  }
}
