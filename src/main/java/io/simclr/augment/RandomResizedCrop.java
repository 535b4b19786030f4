package io.simclr.augment;

import io.simclr.util.ImageShape;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Random resized crop with CropAndResize: per view an area fraction U(min, max) and a
 * log-uniform aspect ratio (relative to the image's) give a box (clipped to the image) at a uniform position, resized back
 * to H x W bilinearly. The full box [0, 0, 1, 1] reproduces the input exactly.
 */
public final class RandomResizedCrop {
  /** The draws a crop makes (area, ratio, x, y): a graph that gets its crops made skips them. */
  public static final int DRAWS = 4;

  private RandomResizedCrop() {}

  /** Boxes [m, 4] as (y1, x1, y2, x2) in [0, 1]. */
  public static Operand<TFloat32> boxes(Ops tf, StepRandom rnd, AugmentConfig c, int m) {
    return boxes(tf, rnd, c, m, UnaryOperator.identity());
  }

  /**
   * Boxes for images of their own shapes (as the paper: the aspect ratio in pixels), given each
   * view's image height / width.
   */
  public static Operand<TFloat32> boxesInPixels(Ops tf, StepRandom rnd, AugmentConfig c, int m,
      Operand<TFloat32> heightOverWidth) {
    return boxes(tf, rnd, c, m, ratio -> tf.math.mul(ratio, heightOverWidth));
  }

  private static Operand<TFloat32> boxes(Ops tf, StepRandom rnd, AugmentConfig c, int m,
      UnaryOperator<Operand<TFloat32>> relative) {
    Operand<TFloat32> area = rnd.uniform(new long[] {m}, c.cropMinArea(), c.cropMaxArea());
    Operand<TFloat32> ratio = relative.apply(tf.math.exp(
        rnd.uniform(new long[] {m}, Math.log(c.aspectMin()), Math.log(c.aspectMax()))));
    // The ratio is relative to the image's own aspect, so area 1 with ratio 1 is the whole image:
    // width fraction sqrt(area * ratio), height sqrt(area / ratio).
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> bw = tf.math.minimum(one, tf.math.sqrt(tf.math.mul(area, ratio)));
    Operand<TFloat32> bh = tf.math.minimum(one, tf.math.sqrt(tf.math.div(area, ratio)));
    Operand<TFloat32> x0 = tf.math.mul(rnd.uniform(new long[] {m}, 0, 1), tf.math.sub(one, bw));
    Operand<TFloat32> y0 = tf.math.mul(rnd.uniform(new long[] {m}, 0, 1), tf.math.sub(one, bh));
    return tf.stack(List.of(y0, x0, tf.math.add(y0, bh), tf.math.add(x0, bw)),
        Stack.axis(1L));
  }

  /** Crops {@code boxes[i]} of {@code images[index[i]]}, resized to the image shape; float32 in pixel units. */
  public static Operand<TFloat32> apply(
      Ops tf, Operand<TUint8> images, Operand<TFloat32> boxes, int[] index, ImageShape shape) {
    Operand<TInt32> ind = tf.constant(index);
    return tf.image.cropAndResize(images, boxes, ind, tf.constant(new int[] {shape.height(), shape.width()}));
  }
}
