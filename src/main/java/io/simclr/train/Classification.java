package io.simclr.train;

import io.simclr.loss.CrossEntropy;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The loss and batch accuracy of a classifier head, shared by the online probe and fine-tuning:
 * mean softmax cross-entropy against one-hot labels, and the share of rows whose arg-max is the
 * label (TensorFlow's arg-max takes the first of equal logits; a training-time readout, not the
 * evaluation's {@code TopK}).
 */
record Classification(Operand<TFloat32> loss, Operand<TFloat32> accuracy) {
  static Classification of(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int classes) {
    Operand<TFloat32> onehot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> loss = CrossEntropy.mean(tf, onehot, logits);
    Operand<TFloat32> hit = tf.dtypes.cast(tf.math.equal(tf.math.argMax(logits, tf.constant(1), TInt32.class), labels),
        TFloat32.class);
    return new Classification(loss, tf.math.mean(hit, tf.constant(0)));
  }
}
