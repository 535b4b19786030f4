package io.simclr.train;

import io.simclr.augment.StepRandom;
import io.simclr.collective.Collectives;
import io.simclr.collective.CrossWorker;
import io.simclr.feed.BatchInput;
import io.simclr.model.Replicated;
import io.simclr.runtime.Device;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * How one global batch is split: over N towers in this process (devices) and over W worker
 * processes, worker w's tower i training what tower w N + i of W N towers in one process would.
 * Built once per graph; it owns the split of the views, the gathers back into the global batch's
 * order, the labels, the random rows this process draws and the kind of backward pass. One tower
 * and one worker is its trivial case, which builds exactly the one-device graph.
 */
final class Parallelism {
  private final Ops tf;
  private final List<Ops> towers;
  private final Optional<Collectives> workers;

  /**
   * @param tf the graph's main scope (the first device): augmentation, loss, gathers
   * @param base the unplaced scope the towers are derived from
   */
  Parallelism(Ops tf, Ops base, Device device, int replicas, Optional<Collectives> workers) {
    this.tf = tf;
    this.towers = Towers.ops(base, device, replicas);
    this.workers = workers;
  }

  private int workerCount() {
    return workers.map(Collectives::count).orElse(1);
  }

  /** Images of each global batch this process reads and augments: its worker's share. */
  int share(int b) {
    return b / workerCount();
  }

  /**
   * The augmentation's random draws: the whole batch's, of which a worker keeps the rows of its
   * share, so the views do not depend on the number of workers.
   */
  StepRandom random(long seed, Operand<TInt64> step, int b) {
    return workers.isPresent()
        ? StepRandom.rows(tf, seed, step, 2L * b, Towers.viewRows(b, workers.get().task(), workers.get().count()))
        : new StepRandom(tf, seed, step);
  }

  /** This process's views [2 share, ...] as the parts its towers train, linked to the other workers. */
  Replicated split(Operand<TFloat32> views, int b, Replicated.Statistics statistics) {
    Replicated local = towers.size() == 1
        ? new Replicated(List.of(tf), List.of(views), statistics)
        : Towers.shard(towers, views, share(b), statistics);
    return workers.<Replicated>map(local::across).orElse(local);
  }

  /** The parts' outputs, from every tower and worker, in the global batch's order [2B, D]. */
  Operand<TFloat32> gather(Replicated parts, int b) {
    Operand<TFloat32> local = Towers.local(tf, parts, share(b));
    return workers.map(c -> Towers.gather(tf, local, c, b)).orElse(local);
  }

  /** The global batch's labels: a worker's own share's, gathered from every worker in task order. */
  Operand<TInt32> labels(BatchInput input) {
    Operand<TInt32> mine = input.labels(tf);
    if (workers.isEmpty()) {
      return mine;
    }
    Operand<TFloat32> all = workers.get().gather(tf, tf.dtypes.cast(mine, TFloat32.class));
    return tf.dtypes.cast(all, TInt32.class);
  }

  /** The other workers the gradients and batch-norm sums travel to (none in one process). */
  CrossWorker crossWorker() {
    return workers.<CrossWorker>map(c -> c).orElse(CrossWorker.NONE);
  }

  BackwardPass backwardPass() {
    return towers.size() > 1 ? BackwardPass.TOWERS : BackwardPass.ONE_DEVICE;
  }
}
