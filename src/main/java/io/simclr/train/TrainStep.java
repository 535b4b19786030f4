package io.simclr.train;

import io.simclr.model.CrossWorker;
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
      grads = sumOverWorkers(tf.withSubScope("gradient_sum"), grads, workers);
    }
    // Variables are ref-typed: an update must not run while a backward op may still read the old
    // weights, so every update waits for every gradient.
    Ops afterGrads = tf.withControlDependencyOps(Arrays.stream(grads).map(Output::op).toList());
    Output<?>[] gated = Arrays.stream(grads).map(g -> afterGrads.identity(g).asOutput()).toArray(Output<?>[]::new);
    List<Op> updates = new ArrayList<>(
        Optimizers.apply(tf.withSubScope("update"), params, optimizer, vars, gated, learningRate, step));
    updates.addAll(params.updates());
    updates.addAll(extra);
    return tf.withControlDependencies(updates).withName("train_step").assignAdd(step, tf.constant(1L));
  }

  /** Every gradient summed over the workers in one all-reduce: flattened, concatenated, split back. */
  @SuppressWarnings("unchecked")
  private static Output<?>[] sumOverWorkers(Ops tf, Output<?>[] grads, CrossWorker workers) {
    List<Operand<TFloat32>> flat = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (Output<?> g : grads) {
      flat.add(tf.reshape((Output<TFloat32>) g, tf.constant(new int[] {-1})));
      sizes.add(g.shape().size());
    }
    Operand<TFloat32> all = workers.sum(tf, tf.concat(flat, tf.constant(0)));
    Output<?>[] out = new Output<?>[grads.length];
    long offset = 0;
    for (int i = 0; i < grads.length; i++) {
      Operand<TFloat32> part = tf.slice(all, tf.constant(new int[] {Math.toIntExact(offset)}),
          tf.constant(new int[] {Math.toIntExact(sizes.get(i))}));
      out[i] = tf.reshape(part, tf.constant(grads[i].shape().asArray())).asOutput();
      offset += sizes.get(i);
    }
    return out;
  }
}
