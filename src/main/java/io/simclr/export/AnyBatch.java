package io.simclr.export;

import io.simclr.util.ImageShape;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * An inference network applied to a batch of any size, the empty batch included: oneDNN's
 * convolution rejects a batch of 0 ("input depth must be evenly divisible by filter depth"), so
 * one zero image is appended and its row dropped again. Inference-mode batch norm and convolutions
 * treat images independently, so the other rows are unchanged.
 */
final class AnyBatch {
  private AnyBatch() {}

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, ImageShape s, int outDim,
      UnaryOperator<Operand<TFloat32>> net) {
    Operand<TFloat32> pad = tf.fill(tf.constant(new int[] {1, s.height(), s.width(), s.channels()}), tf.constant(0f));
    Operand<TFloat32> out = net.apply(tf.concat(List.of(images, pad), tf.constant(0)));
    Operand<TInt32> n = tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    return tf.slice(out, tf.constant(new int[] {0, 0}), tf.concat(List.of(n, tf.constant(new int[] {outDim})), tf.constant(0)));
  }
}
