package io.simclr.optim;

import io.simclr.model.Params;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Update ops for LARS, SGD with momentum and Adam, with the learning rate as a graph tensor (the
 * framework's optimizers bake it in as a constant, which rules out schedules).
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * One op per trainable that applies its gradient; ops are built with {@code tf} (e.g. under a
   * name scope), slot variables through {@code p} (flat names).
   */
  public static List<Op> apply(
      Ops tf, Params p, OptimizerConfig c, List<Params.Trainable> vars, Output<?>[] grads,
      Operand<TFloat32> lr, Operand<TInt64> step) {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Params.Trainable t = vars.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
      boolean decayed = t.kind() == Params.Kind.WEIGHT && c.weightDecay() > 0;
      if (decayed) {
        g = tf.math.add(g, tf.math.mul(t.variable(), tf.constant((float) c.weightDecay())));
      }
      ops.add(switch (c.kind()) {
        // biases and batch-norm parameters are not adapted (nor decayed)
        case LARS -> momentumStep(tf, p, t, g,
            t.kind() == Params.Kind.WEIGHT ? trustScaled(tf, t.variable(), g, lr, c) : lr, c);
        case SGD -> momentumStep(tf, p, t, g, lr, c);
        case ADAM -> adamStep(tf, p, t, g, lr, step);
      });
    }
    return ops;
  }

  /** Classic momentum as in the official LARS: v = m v + lr * g; w -= v. */
  private static Op momentumStep(
      Ops tf, Params p, Params.Trainable t, Operand<TFloat32> g, Operand<TFloat32> lr, OptimizerConfig c) {
    Variable<TFloat32> w = t.variable();
    Variable<TFloat32> v = p.state(t.name() + ".momentum", w.shape(), 0f);
    Operand<TFloat32> next = tf.math.add(tf.math.mul(v, tf.constant((float) c.momentum())), tf.math.mul(g, lr));
    Operand<TFloat32> newV = tf.assign(v, next);
    return tf.assignSub(w, newV);
  }

  /** LARS's layer-wise rate lr * trust, trust = eta ||w|| / ||g|| (1 where either norm is 0). */
  private static Operand<TFloat32> trustScaled(
      Ops tf, Variable<TFloat32> w, Operand<TFloat32> g, Operand<TFloat32> lr, OptimizerConfig c) {
    int rank = w.shape().numDimensions();
    Operand<TFloat32> wn = norm(tf, w, rank);
    Operand<TFloat32> gn = norm(tf, g, rank);
    Operand<TFloat32> zero = tf.constant(0f);
    Operand<TFloat32> trust = tf.select(tf.math.greater(wn, zero),
        tf.select(tf.math.greater(gn, zero),
            tf.math.div(tf.math.mul(tf.constant((float) c.trustCoefficient()), wn), tf.math.maximum(gn, tf.constant(1e-30f))),
            tf.constant(1f)),
        tf.constant(1f));
    return tf.math.mul(lr, trust);
  }

  private static Op adamStep(
      Ops tf, Params p, Params.Trainable t, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TInt64> step) {
    Variable<TFloat32> w = t.variable();
    Variable<TFloat32> m = p.state(t.name() + ".adam_m", w.shape(), 0f);
    Variable<TFloat32> v = p.state(t.name() + ".adam_v", w.shape(), 0f);
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    Operand<TFloat32> t1 = tf.math.add(tf.dtypes.cast(step, TFloat32.class), tf.constant(1f));
    Operand<TFloat32> b1p = tf.math.pow(tf.constant(beta1), t1);
    Operand<TFloat32> b2p = tf.math.pow(tf.constant(beta2), t1);
    return tf.train.applyAdam(w, m, v, b1p, b2p, lr, tf.constant(beta1), tf.constant(beta2), tf.constant(1e-8f), g);
  }

  private static Operand<TFloat32> norm(Ops tf, Operand<TFloat32> x, int rank) {
    return tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(allAxes(rank))));
  }

  private static int[] allAxes(int rank) {
    int[] axes = new int[rank];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }
}
