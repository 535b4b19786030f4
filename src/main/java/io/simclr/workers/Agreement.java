package io.simclr.workers;

import io.simclr.collective.Collectives;
import io.simclr.config.Workers;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Checks, before the first step, that every worker starts from the same state: the same recipe
 * (a hash of it), step and weights (sums of every variable and of its squares). Each worker
 * computes its fingerprint; a max all-reduce of [f, -f] gives the maximum and minimum over the
 * workers, which are equal to f on every worker only if all fingerprints are equal, so every
 * worker sees a mismatch at once and stops before training.
 */
public final class Agreement {
  /** Where a failure of the agreement says it happened. */
  static final String PHASE = "start-up, in the agreement on recipe, step and weights before the first step";

  private final Operand<TFloat32> local;
  private final Operand<TFloat32> extremes;
  private final Workers cluster;

  /**
   * @param recipeHash a hash of the recipe (32 bits; sent as two exact 16-bit halves)
   * @param step the step counter, cast to float
   * @param variables every variable whose value must agree
   */
  public Agreement(Ops tf, Workers cluster, Collectives workers, int recipeHash, Operand<TFloat32> step,
      List<? extends Operand<TFloat32>> variables) {
    Ops a = tf.withSubScope("agreement");
    List<Operand<TFloat32>> parts = new ArrayList<>();
    parts.add(a.constant(new float[] {recipeHash >>> 16, recipeHash & 0xffff}));
    parts.add(a.reshape(step, a.constant(new int[] {1})));
    List<Operand<TFloat32>> sums = new ArrayList<>();
    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (Operand<TFloat32> v : variables) {
      Operand<TFloat32> x = a.reshape(a.identity(v), a.constant(new int[] {-1}));
      sums.add(a.reduceSum(x, a.constant(0)));
      squares.add(a.reduceSum(a.math.square(x), a.constant(0)));
    }
    parts.add(a.stack(sums));
    parts.add(a.stack(squares));
    local = a.concat(parts, a.constant(0));
    extremes = workers.max(a, a.concat(List.of(local, a.math.neg(local)), a.constant(0)));
    this.cluster = cluster;
  }

  /**
   * The first run that meets the other workers, bounded by the cluster's timeout ({@link Watchdog}).
   *
   * @throws IllegalStateException naming what differs, on every worker alike
   * @throws WorkerFailure when another worker is lost meanwhile
   */
  public void verify(Session s) {
    Result r;
    try {
      r = Watchdog.within(cluster, PHASE,
          () -> s.runner().setOptions(Collectives.RUN_OPTIONS).fetch(local).fetch(extremes).run());
    } catch (RuntimeException e) {
      throw WorkerFailure.explain(cluster, PHASE, e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    try (r) {
      TFloat32 mine = (TFloat32) r.get(0);
      TFloat32 ext = (TFloat32) r.get(1);
      int n = (int) mine.shape().size(0);
      for (int i = 0; i < n; i++) {
        float max = ext.getFloat(i);
        float min = -ext.getFloat(n + i);
        if (max != min) {
          String what = i < 2 ? "the recipe (start every worker with the same recipe flags)"
              : i == 2 ? "the step (resume every worker from the same checkpoint)"
              : "the initial weights (variable " + ((i - 3) % ((n - 3) / 2)) + ")";
          throw new IllegalStateException("task " + cluster.task() + ": the workers differ in " + what
              + "; this worker has " + mine.getFloat(i) + ", the others range over [" + min + ", " + max + "]");
        }
      }
    }
  }
}
