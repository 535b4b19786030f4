package io.simclr.model;

import io.simclr.collective.CrossWorker;
import io.simclr.collective.WorkerAverage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The ops that must run with every training step besides the optimizer's (batch norm's moving
 * averages), collected while the model is built and taken once by the training step. Kept apart
 * from the variable store ({@link Params}), which only makes and finds variables.
 */
public final class StepUpdates {
  private final Ops tf;
  private final List<Op> updates = new ArrayList<>();
  private final List<WorkerAverage> workerAverages = new ArrayList<>();
  private boolean taken;

  StepUpdates(Ops tf) {
    this.tf = tf;
  }

  /** An op that must run with every training step. */
  public void add(Op op) {
    requireOpen();
    updates.add(op);
  }

  /**
   * An update that needs {@code local} averaged over the workers (a moving average of batch
   * statistics). Every such average of the graph travels in one all-reduce, built by {@link #take()}:
   * one collective per step instead of two per batch-norm layer. In one process the update gets
   * {@code local} as it is.
   */
  public void addWorkerAveraged(Operand<TFloat32> local, CrossWorker workers, Function<Operand<TFloat32>, Op> update) {
    requireOpen();
    if (workers.count() == 1) {
      updates.add(update.apply(local));
    } else {
      workerAverages.add(new WorkerAverage(local, workers, update));
    }
  }

  /**
   * Every update, the cross-worker averages packed into one all-reduce; the training step takes them
   * once, when the model is complete. Taking them twice, or adding one after, would lose or
   * duplicate ops, so both are errors.
   */
  public List<Op> take() {
    if (taken) {
      throw new IllegalStateException("the step's updates were already taken");
    }
    taken = true;
    if (!workerAverages.isEmpty()) {
      updates.addAll(WorkerAverage.packed(tf, workerAverages));
      workerAverages.clear();
    }
    return Collections.unmodifiableList(updates);
  }

  private void requireOpen() {
    if (taken) {
      throw new IllegalStateException("an update registered after the training step took them: build the model first");
    }
  }
}
