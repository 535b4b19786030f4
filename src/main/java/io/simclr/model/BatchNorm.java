package io.simclr.model;

import io.simclr.collective.WorkerAverage;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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
    return apply(p, name, Replicated.single(p.tf(), x), channels, mode, style).single();
  }

  /**
   * Batch norm of every replica's part with one set of parameters and moving statistics. In
   * training mode each part is normalised with its own statistics, or with those of all parts
   * together ({@link Replicated.Statistics#GLOBAL}); the moving averages follow the mean of the
   * replicas' batch statistics (the global batch's, with global statistics).
   */
  public static Replicated apply(Params p, String name, Replicated x, int channels, Mode mode, Style style) {
    Ops tf = p.tf();
    boolean flat = x.parts().get(0).shape().numDimensions() == 2;
    Replicated x4 = flat ? x.map((t, part) -> t.reshape(part, t.constant(new long[] {-1, 1, 1, channels}))) : x;
    Shape s = Shape.of(channels);
    var gamma = p.constant(name + ".gamma", s, style.gamma, Params.Kind.BATCH_NORM);
    Operand<TFloat32> beta = style.center
        ? p.constant(name + ".beta", s, 0f, Params.Kind.BATCH_NORM)
        : tf.fill(tf.constant(s), tf.constant(0f));
    var movingMean = p.state(name + ".moving_mean", s, 0f);
    var movingVar = p.state(name + ".moving_var", s, 1f);
    Replicated y;
    if (mode == Mode.TRAINING && x.split() && x.statistics() == Replicated.Statistics.GLOBAL) {
      y = global(p, x4, gamma, beta, movingMean, movingVar);
    } else if (mode == Mode.TRAINING) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      List<Operand<TFloat32>> means = new ArrayList<>();
      List<Operand<TFloat32>> vars = new ArrayList<>();
      y = x4.map((t, part) -> {
        var bn = t.nn.fusedBatchNorm(part, gamma, beta, empty, empty,
            FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(EPSILON));
        means.add(bn.batchMean());
        vars.add(bn.batchVariance());
        return bn.y();
      });
      p.updates().addWorkerAveraged(average(tf, means), x.workers(), mean -> tf.assign(movingMean, ema(tf, movingMean, mean)));
      p.updates().addWorkerAveraged(average(tf, vars), x.workers(), var -> tf.assign(movingVar, ema(tf, movingVar, var)));
    } else {
      y = x4.map((t, part) -> t.nn.fusedBatchNorm(part, gamma, beta, movingMean, movingVar,
          FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(EPSILON)).y());
    }
    return flat ? y.map((t, part) -> t.reshape(part, t.constant(new long[] {-1, channels}))) : y;
  }

  /**
   * Normalisation with the statistics of all parts: per-part sums of x and x^2 (each on its
   * device), added up, then every part normalised with the global mean and (biased) variance. The
   * moving variance gets the unbiased one, as FusedBatchNorm's batch_variance.
   */
  private static Replicated global(Params p, Replicated x, Operand<TFloat32> gamma, Operand<TFloat32> beta,
      Operand<TFloat32> movingMean, Operand<TFloat32> movingVar) {
    Ops tf = p.tf();
    List<Operand<TFloat32>> sums = new ArrayList<>();
    List<Operand<TFloat32>> squares = new ArrayList<>();
    List<Operand<TFloat32>> counts = new ArrayList<>();
    x.map((t, part) -> {
      Operand<TInt32> axes = t.constant(new int[] {0, 1, 2});
      sums.add(t.reduceSum(part, axes));
      squares.add(t.reduceSum(t.math.square(part), axes));
      counts.add(t.dtypes.cast(t.math.div(t.size(part, TInt32.class), t.constant((int) part.shape().get(3))),
          TFloat32.class));
      return part;
    });
    Operand<TFloat32> n = OrderedSum.of(tf, counts);
    Operand<TFloat32> sum = OrderedSum.of(tf, sums);
    Operand<TFloat32> square = OrderedSum.of(tf, squares);
    if (x.workers().count() > 1) {
      List<Operand<TFloat32>> all = x.workers().sumEach(tf, List.of(sum, square, n));
      sum = all.get(0);
      square = all.get(1);
      n = all.get(2);
    }
    Operand<TFloat32> mean = tf.math.div(sum, n);
    Operand<TFloat32> variance = tf.math.sub(tf.math.div(square, n), tf.math.square(mean));
    Operand<TFloat32> unbiased = tf.math.mul(variance, tf.math.div(n, tf.math.maximum(tf.math.sub(n, tf.constant(1f)),
        tf.constant(1f))));
    p.updates().add(tf.assign(movingMean, ema(tf, movingMean, mean)));
    p.updates().add(tf.assign(movingVar, ema(tf, movingVar, unbiased)));
    Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
    Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(mean, scale));
    return x.map((t, part) -> t.math.add(t.math.mul(part, scale), shift));
  }

  /** The mean of the replicas' statistics; one replica's as it is. */
  private static Operand<TFloat32> average(Ops tf, List<Operand<TFloat32>> xs) {
    return xs.size() == 1 ? xs.get(0) : tf.math.div(OrderedSum.of(tf, xs), tf.constant((float) xs.size()));
  }

  private static Operand<TFloat32> ema(Ops tf, Operand<TFloat32> moving, Operand<TFloat32> batch) {
    return tf.math.add(tf.math.mul(moving, tf.constant(DECAY)), tf.math.mul(batch, tf.constant(1f - DECAY)));
  }
}
