package io.simclr.train;

import io.simclr.collective.CrossWorker;
import io.simclr.model.Params;
import io.simclr.optim.OptimizerConfig;
import io.simclr.optim.Optimizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** The end of every training graph: gradients of the loss, the optimizer's updates, step + 1. */
final class TrainStep {
  private TrainStep() {}

  /**
   * @param extra further update ops of the step (e.g. the online probe's)
   * @param workers the gradients are summed over them (each computed its part of the batch's)
   * @param backward for one device or for towers
   * @return the op that runs one step and increments {@code step}
   */
  static Op build(Ops tf, Graph graph, Params params, OptimizerConfig optimizer, Operand<TFloat32> loss,
      Operand<TFloat32> learningRate, Variable<TInt64> step, List<Op> extra, CrossWorker workers, BackwardPass backward) {
    List<Params.Trainable> vars = params.trainables();
    Output<?>[] xs = vars.stream().map(t -> t.variable().asOutput()).toArray(Output<?>[]::new);
    Output<?>[] grads = backward.gradients(graph, loss.asOutput(), xs);
    if (workers.count() > 1) {
      grads = workers.sumEach(tf.withSubScope("gradient_sum"), Arrays.stream(grads).map(TrainStep::floats).toList())
          .stream().map(Operand::asOutput).toArray(Output<?>[]::new);
    }
    List<Op> updates = new ArrayList<>(
        Optimizers.apply(tf.withSubScope("update"), params, optimizer, vars, gated(tf, grads), learningRate, step));
    updates.addAll(params.updates().take());
    updates.addAll(extra);
    return tf.withControlDependencies(updates).withName("train_step").assignAdd(step, tf.constant(1L));
  }

  /**
   * The gradients, each readable only once all of them are computed. Variables are ref-typed: an
   * update must not run while a backward op may still read the old weights, so every update waits
   * for every gradient. The model's step and the online probe both gate this way.
   */
  static Output<?>[] gated(Ops tf, Output<?>[] grads) {
    Ops afterGrads = tf.withControlDependencyOps(Arrays.stream(grads).map(Output::op).toList());
    return Arrays.stream(grads).map(g -> afterGrads.identity(g).asOutput()).toArray(Output<?>[]::new);
  }

  /** A gradient of a float variable, typed as such. */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> floats(Output<?> gradient) {
    return (Output<TFloat32>) gradient;
  }
}
