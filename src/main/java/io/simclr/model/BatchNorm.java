package io.simclr.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch norm over NHWC (or [N, C], reshaped) with moving statistics: batch statistics and a
 * moving-average update in training mode, the moving statistics in inference mode.
 */
public final class BatchNorm {
  public static final float DECAY = 0.9f;
  public static final float EPSILON = 1e-5f;

  /** Which learned parameters a norm has and how they start. */
  public enum Style {
    /** gamma = 1 and a learned beta. */
    STANDARD(1f, true),
    /** gamma = 0: the last norm of a residual block starts as the identity block (official code). */
    ZERO_GAMMA(0f, true),
    /** gamma = 1 and no beta: the projection head's output. */
    UNCENTERED(1f, false);

    final float gamma;
    final boolean center;

    Style(float gamma, boolean center) {
      this.gamma = gamma;
      this.center = center;
    }
  }

  private BatchNorm() {}

  public static Operand<TFloat32> apply(
      Params p, String name, Operand<TFloat32> x, int channels, Mode mode, Style style) {
    Ops tf = p.tf();
    boolean flat = x.shape().numDimensions() == 2;
    Operand<TFloat32> x4 = flat ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels})) : x;
    Shape s = Shape.of(channels);
    var gamma = p.constant(name + ".gamma", s, style.gamma, Params.Kind.BATCH_NORM);
    Operand<TFloat32> beta = style.center
        ? p.constant(name + ".beta", s, 0f, Params.Kind.BATCH_NORM)
        : tf.fill(tf.constant(s), tf.constant(0f));
    var movingMean = p.state(name + ".moving_mean", s, 0f);
    var movingVar = p.state(name + ".moving_var", s, 1f);
    FusedBatchNorm<TFloat32, TFloat32> bn;
    if (mode == Mode.TRAINING) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      bn = tf.nn.fusedBatchNorm(x4, gamma, beta, empty, empty,
          FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(EPSILON));
      p.addUpdate(tf.assign(movingMean, ema(tf, movingMean, bn.batchMean())));
      p.addUpdate(tf.assign(movingVar, ema(tf, movingVar, bn.batchVariance())));
    } else {
      bn = tf.nn.fusedBatchNorm(x4, gamma, beta, movingMean, movingVar,
          FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(EPSILON));
    }
    Operand<TFloat32> y = bn.y();
    return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
  }

  private static Operand<TFloat32> ema(Ops tf, Operand<TFloat32> moving, Operand<TFloat32> batch) {
    return tf.math.add(tf.math.mul(moving, tf.constant(DECAY)), tf.math.mul(batch, tf.constant(1f - DECAY)));
  }
}
