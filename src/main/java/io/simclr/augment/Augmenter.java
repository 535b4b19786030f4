package io.simclr.augment;

import io.simclr.util.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The SimCLR augmentation pipeline as graph ops: a uint8 batch [B, H, W, C] in, two independently
 * augmented float32 views out, stacked as [2B, H, W, C] in [0, 1] (view 1 of every image, then
 * view 2). Order: crop and flip, colour jitter, grayscale, blur.
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
    // channels-first from the crop on: a channel is a contiguous plane (cheap per-channel work)
    Operand<TFloat32> x = tf.linalg.transpose(pixels.crops(tf, rnd, c, batch, copies, shape), tf.constant(new int[] {0, 3, 1, 2}));
    if (c.jitterProb() > 0 && c.jitterStrength() > 0) {
      x = ColorJitter.apply(tf, rnd, x, m, channels, c.jitterStrength(), c.jitterProb());
    }
    if (channels == 3 && c.grayProb() > 0) {
      x = rows(tf, rnd.rowCoin(m, c.grayProb()), grayscale(tf, x), x);
    }
    if (c.blurProb() > 0) {
      Operand<TFloat32> sigma = rnd.uniform(new long[] {m}, c.blurSigmaMin(), c.blurSigmaMax());
      Operand<TFloat32> blurred = GaussianBlur.apply(
          tf, x, sigma, m, shape, GaussianBlur.radius(Math.min(shape.height(), shape.width())));
      x = rows(tf, rnd.rowCoin(m, c.blurProb()), blurred, x);
    }
    return tf.linalg.transpose(ColorJitter.clip(tf, x), tf.constant(new int[] {0, 2, 3, 1}));
  }

  /**
   * Row i of {@code a} where {@code pick[i]}, else of {@code b}: TensorFlow's Select with a vector
   * condition copies whole images (SelectV2 broadcasting an [m, 1, 1, 1] condition was 15x slower).
   */
  static Operand<TFloat32> rows(Ops tf, Operand<TBool> pick, Operand<TFloat32> a, Operand<TFloat32> b) {
    Output<TFloat32> out = tf.scope().env().opBuilder("Select", tf.scope().makeOpName("SelectRows"), tf.scope())
        .addInput(pick.asOutput()).addInput(a.asOutput()).addInput(b.asOutput()).build().output(0);
    return out;
  }

  /** ITU-R 601 luma, repeated over the three channels; x [m, 3, H, W]. */
  static Operand<TFloat32> grayscale(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> weights = tf.constant(new float[][][] {{{0.2989f}}, {{0.5870f}}, {{0.1140f}}});
    Operand<TFloat32> y = tf.reduceSum(tf.math.mul(x, weights), tf.constant(1), ReduceSum.keepDims(true));
    return tf.tile(y, tf.constant(new int[] {1, 3, 1, 1}));
  }
}
