package io.simclr.augment;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Per-image colour jitter with strength s: brightness (multiplicative), contrast, saturation and
 * hue, applied in a random order per image, each followed by a clip to [0, 1]. TensorFlow's
 * adjust ops take one factor for the whole batch, so the formulas are written out here.
 * Single-channel images get brightness and contrast only.
 */
public final class ColorJitter {
  private ColorJitter() {}

  public static Operand<TFloat32> apply(
      Ops tf, StepRandom rnd, Operand<TFloat32> x, int m, int channels, double s) {
    double b = 0.8 * s;
    Operand<TFloat32> bright = rnd.uniform(new long[] {m, 1, 1, 1}, Math.max(0, 1 - b), 1 + b);
    Operand<TFloat32> contrast = rnd.uniform(new long[] {m, 1, 1, 1}, Math.max(0, 1 - b), 1 + b);
    Operand<TFloat32> sat = null;
    Operand<TFloat32> hue = null;
    if (channels == 3) {
      sat = rnd.uniform(new long[] {m, 1, 1}, Math.max(0, 1 - b), 1 + b);
      hue = rnd.uniform(new long[] {m, 1, 1}, -0.2 * s, 0.2 * s);
    }
    int k = channels == 3 ? 4 : 2;
    // A random permutation per image: the ranks of k uniforms.
    Operand<TInt32> order = tf.nn.topK(rnd.uniform(new long[] {m, k}, 0, 1), tf.constant(k), TInt32.class).indices();
    // Each slot applies, to each image, the transform its permutation names there: the batch is
    // partitioned by transform, each part transformed, and the parts stitched back, so every image
    // goes through k transforms (not k x k, as selecting among all candidates would cost).
    Operand<TInt32> ids = tf.range(tf.constant(0), tf.constant(m), tf.constant(1));
    Operand<TFloat32> out = x;
    for (int slot = 0; slot < k; slot++) {
      Operand<TInt32> which = tf.reshape(
          tf.slice(order, tf.constant(new int[] {0, slot}), tf.constant(new int[] {m, 1})), tf.constant(new int[] {m}));
      List<Output<TFloat32>> images = tf.dynamicPartition(out, which, (long) k).outputs();
      List<Operand<TFloat32>> parts = new ArrayList<>();
      parts.add(clip(tf, tf.math.mul(images.get(0), part(tf, bright, which, k, 0))));
      parts.add(clip(tf, adjustContrast(tf, images.get(1), part(tf, contrast, which, k, 1))));
      if (channels == 3) {
        parts.add(clip(tf, fromHsv(tf, toHsv(tf, images.get(2)), part(tf, sat, which, k, 2), null, true)));
        parts.add(clip(tf, fromHsv(tf, toHsv(tf, images.get(3)), null, part(tf, hue, which, k, 3), false)));
      }
      List<Operand<TInt32>> where = new ArrayList<>(tf.dynamicPartition(ids, which, (long) k).outputs());
      // the stitched batch has the input's static shape again
      out = tf.reshape(tf.dynamicStitch(where, parts), tf.constant(x.shape().asArray()));
    }
    return out;
  }

  /** The factors of the images whose transform in this slot is {@code t}. */
  private static Operand<TFloat32> part(Ops tf, Operand<TFloat32> factors, Operand<TInt32> which, int k, int t) {
    return tf.dynamicPartition(factors, which, (long) k).outputs().get(t);
  }

  /** (x - mean) * f + mean, with the mean per image and channel over H and W. */
  static Operand<TFloat32> adjustContrast(Ops tf, Operand<TFloat32> x, Operand<TFloat32> f) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(new int[] {1, 2}),
        Mean.keepDims(true));
    return tf.math.add(tf.math.mul(tf.math.sub(x, mean), f), mean);
  }

  /** Saturation scale (saturation = true) or hue shift, through HSV. */
  static Operand<TFloat32> adjustHsv(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> sat, Operand<TFloat32> hue, boolean saturation) {
    return fromHsv(tf, toHsv(tf, x), sat, hue, saturation);
  }

  /** H, S and V planes of an RGB batch. */
  static List<Operand<TFloat32>> toHsv(Ops tf, Operand<TFloat32> x) {
    return new ArrayList<>(tf.unstack(tf.image.rgbToHsv(x), 3L, Unstack.axis(3L)).output());
  }

  static Operand<TFloat32> fromHsv(
      Ops tf, List<Operand<TFloat32>> parts, Operand<TFloat32> sat, Operand<TFloat32> hue, boolean saturation) {
    Operand<TFloat32> h = parts.get(0);
    Operand<TFloat32> s = parts.get(1);
    if (saturation) {
      s = clip(tf, tf.math.mul(s, sat));
    } else {
      Operand<TFloat32> shifted = tf.math.add(h, hue);
      h = tf.math.sub(shifted, tf.math.floor(shifted));
    }
    return tf.image.hsvToRgb(tf.stack(List.of(h, s, parts.get(2)), Stack.axis(3L)));
  }

  static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> x) {
    return tf.clipByValue(x, tf.constant(0f), tf.constant(1f));
  }
}
