package io.simclr.optim;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Linear warm-up to the base rate over {@code warmupSteps}, then cosine decay to 0 at
 * {@code totalSteps}; computed in the graph from the global step. The warm-up counts from
 * step + 1 so the first step already moves.
 */
public record LearningRateSchedule(double baseRate, long warmupSteps, long totalSteps) {

  /**
   * Warm-up over {@code warmupEpochs} epochs, capped at 10% of the run, then cosine decay to 0 at
   * {@code totalSteps}.
   */
  public static LearningRateSchedule warmupCosine(double baseRate, double warmupEpochs, int stepsPerEpoch, long totalSteps) {
    long warmup = Math.min((long) Math.ceil(warmupEpochs * stepsPerEpoch), totalSteps / 10);
    return new LearningRateSchedule(baseRate, warmup, totalSteps);
  }

  /** The same schedule in double precision, for logs and tests. */
  public double valueAt(long step) {
    if (step < warmupSteps) {
      return baseRate * (step + 1) / warmupSteps;
    }
    long decay = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
    return baseRate * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  public Operand<TFloat32> build(Ops tf, Operand<TInt64> step) {
    Operand<TFloat32> s = tf.dtypes.cast(step, TFloat32.class);
    Operand<TFloat32> base = tf.constant((float) baseRate);
    Operand<TFloat32> warm = tf.math.div(
        tf.math.mul(base, tf.math.add(s, tf.constant(1f))), tf.constant((float) Math.max(1, warmupSteps)));
    float decay = Math.max(1, totalSteps - warmupSteps);
    Operand<TFloat32> progress = tf.math.minimum(tf.constant(1f),
        tf.math.div(tf.math.sub(s, tf.constant((float) warmupSteps)), tf.constant(decay)));
    Operand<TFloat32> cosine = tf.math.mul(base, tf.math.mul(tf.constant(0.5f),
        tf.math.add(tf.constant(1f), tf.math.cos(tf.math.mul(tf.constant((float) Math.PI), progress)))));
    return tf.select(tf.math.less(s, tf.constant((float) warmupSteps)), warm, cosine);
  }
}
