package io.simclr.loss;

import org.tensorflow.Operand;
import org.tensorflow.framework.losses.Losses;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Softmax cross-entropy of logits against one-hot (or soft) labels: the framework's loss. */
public final class CrossEntropy {
  private static final boolean FROM_LOGITS = true;
  private static final float NO_LABEL_SMOOTHING = 0f;
  private static final int CLASS_AXIS = -1;

  private CrossEntropy() {}

  /** The mean over the rows of {@code logits} [n, classes]. */
  public static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> onehot, Operand<TFloat32> logits) {
    return tf.math.mean(Losses.categoricalCrossentropy(tf, onehot, logits, FROM_LOGITS, NO_LABEL_SMOOTHING, CLASS_AXIS),
        tf.constant(0));
  }
}
