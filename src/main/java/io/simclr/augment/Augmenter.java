package io.simclr.augment;

import io.simclr.data.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The SimCLR augmentation pipeline as graph ops: a uint8 batch [B, H, W, C] in, two independently
 * augmented float32 views out, stacked as [2B, H, W, C] in [0, 1] (view 1 of every image, then
 * view 2). Order: crop, flip, colour jitter, grayscale, blur.
 */
public final class Augmenter {
  private Augmenter() {}

  public static Operand<TFloat32> twoViews(
      Ops tf, StepRandom rnd, AugmentConfig c, Operand<TUint8> images, int batch, ImageShape shape) {
    return twoViews(tf, rnd, c, new BatchPixels.Images(images), batch, shape);
  }

  public static Operand<TFloat32> twoViews(
      Ops tf, StepRandom rnd, AugmentConfig c, BatchPixels pixels, int batch, ImageShape shape) {
    return views(tf, rnd, c, pixels, batch, shape, 2);
  }

  /** One augmented view of each image, [B, H, W, C] in [0, 1] (fine-tuning). */
  public static Operand<TFloat32> oneView(
      Ops tf, StepRandom rnd, AugmentConfig c, BatchPixels pixels, int batch, ImageShape shape) {
    return views(tf, rnd, c, pixels, batch, shape, 1);
  }

  /** {@code copies} views of every image, stacked view-major: [copies * B, H, W, C]. */
  private static Operand<TFloat32> views(
      Ops tf, StepRandom rnd, AugmentConfig c, BatchPixels pixels, int batch, ImageShape shape, int copies) {
    int m = copies * batch;
    int channels = shape.channels();
    Operand<TFloat32> x = pixels.crops(tf, rnd, c, batch, copies, shape);
    x = tf.select(rnd.coin(m, c.flipProb()), tf.reverse(x, tf.constant(new int[] {2})), x);
    if (c.jitterProb() > 0 && c.jitterStrength() > 0) {
      Operand<TFloat32> jittered = ColorJitter.apply(tf, rnd, x, m, channels, c.jitterStrength());
      x = tf.select(rnd.coin(m, c.jitterProb()), jittered, x);
    }
    if (channels == 3 && c.grayProb() > 0) {
      x = tf.select(rnd.coin(m, c.grayProb()), grayscale(tf, x), x);
    }
    if (c.blurProb() > 0) {
      Operand<TFloat32> sigma = rnd.uniform(new long[] {m}, c.blurSigmaMin(), c.blurSigmaMax());
      Operand<TFloat32> blurred = GaussianBlur.apply(
          tf, x, sigma, m, shape, GaussianBlur.radius(Math.min(shape.height(), shape.width())));
      x = tf.select(rnd.coin(m, c.blurProb()), blurred, x);
    }
    return ColorJitter.clip(tf, x);
  }

  /** ITU-R 601 luma, repeated over the three channels. */
  static Operand<TFloat32> grayscale(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> weights = tf.constant(new float[] {0.2989f, 0.5870f, 0.1140f});
    Operand<TFloat32> y = tf.reduceSum(tf.math.mul(x, weights), tf.constant(3),
        ReduceSum.keepDims(true));
    return tf.tile(y, tf.constant(new int[] {1, 1, 1, 3}));
  }
}
