package io.simclr.augment;

import io.simclr.util.ImageShape;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Gaussian blur with a per-image sigma, as a separable depthwise convolution (SAME padding, as
 * the official code), on channels-first images [m, C, H, W]. Per-image kernels are realised by
 * folding the batch into the channel axis.
 */
public final class GaussianBlur {
  private GaussianBlur() {}

  /** Kernel radius for an image side: the official code's side // 10 // 2 (at least 1). */
  public static int radius(int side) {
    return Math.max(1, side / 10 / 2);
  }

  public static Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> sigma, int m, ImageShape shape, int radius) {
    int h = shape.height();
    int w = shape.width();
    int c = shape.channels();
    int k = 2 * radius + 1;
    float[] offsets = new float[k];
    for (int i = 0; i < k; i++) {
      offsets[i] = i - radius;
    }
    // weights [m, k] = exp(-d^2 / (2 sigma^2)), normalised per image
    Operand<TFloat32> d2 = tf.reshape(tf.math.square(tf.constant(offsets)), tf.constant(new int[] {1, k}));
    Operand<TFloat32> s = tf.reshape(sigma, tf.constant(new int[] {m, 1}));
    Operand<TFloat32> wts = tf.math.exp(tf.math.neg(tf.math.div(d2, tf.math.mul(tf.constant(2f), tf.math.square(s)))));
    wts = tf.math.div(wts, tf.reduceSum(wts, tf.constant(1), ReduceSum.keepDims(true)));
    // [m, k] -> [k, m*c]: each image's kernel repeated for its channels
    Operand<TFloat32> perChannel = tf.reshape(
        tf.tile(tf.reshape(tf.linalg.transpose(wts, tf.constant(new int[] {1, 0})), tf.constant(new int[] {k, m, 1})),
            tf.constant(new int[] {1, 1, c})),
        tf.constant(new int[] {k, m * c}));
    Operand<TFloat32> horizontal = tf.reshape(perChannel, tf.constant(new int[] {1, k, m * c, 1}));
    Operand<TFloat32> vertical = tf.reshape(perChannel, tf.constant(new int[] {k, 1, m * c, 1}));
    // [m, c, h, w] -> [1, h, w, m*c]
    Operand<TFloat32> folded = tf.reshape(
        tf.linalg.transpose(x, tf.constant(new int[] {2, 3, 0, 1})), tf.constant(new int[] {1, h, w, m * c}));
    List<Long> ones = List.of(1L, 1L, 1L, 1L);
    Operand<TFloat32> y = tf.nn.depthwiseConv2dNative(folded, horizontal, ones, "SAME");
    y = tf.nn.depthwiseConv2dNative(y, vertical, ones, "SAME");
    return tf.linalg.transpose(tf.reshape(y, tf.constant(new int[] {h, w, m, c})), tf.constant(new int[] {2, 3, 0, 1}));
  }
}
