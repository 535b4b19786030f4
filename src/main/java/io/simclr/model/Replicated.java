package io.simclr.model;

import io.simclr.collective.CrossWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A batch split over replicas (towers): one part per device, each with the {@link Ops} that place
 * that device's ops. The model code maps layers over the parts in lockstep, so a batch-norm layer
 * can see every replica's activations ({@link Statistics#GLOBAL}). One part is the ordinary
 * single-device case and builds exactly the ops it always did.
 *
 * @param statistics how training-mode batch norm computes its statistics over the parts
 * @param workers the other processes of a cluster holding further parts of the global batch
 *     (batch norm sums its statistics over them), or {@link CrossWorker#NONE}
 */
public record Replicated(List<Ops> ops, List<Operand<TFloat32>> parts, Statistics statistics, CrossWorker workers) {
  /** Batch-norm statistics across replicas. */
  public enum Statistics {
    /** Each replica normalises with its own part's statistics (the default of data-parallel training). */
    PER_REPLICA,
    /** Every replica normalises with the statistics of the whole global batch (the official SimCLR). */
    GLOBAL
  }

  /** Parts in this process only. */
  public Replicated(List<Ops> ops, List<Operand<TFloat32>> parts, Statistics statistics) {
    this(ops, parts, statistics, CrossWorker.NONE);
  }

  /** One part: the single-device case. */
  public static Replicated single(Ops tf, Operand<TFloat32> x) {
    return new Replicated(List.of(tf), List.of(x), Statistics.PER_REPLICA);
  }

  /** The same parts, with further parts of the global batch on {@code others}. */
  public Replicated across(CrossWorker others) {
    return new Replicated(ops, parts, statistics, others);
  }

  /** Whether the global batch is split at all (over devices or workers). */
  public boolean split() {
    return parts.size() > 1 || workers.count() > 1;
  }

  public int size() {
    return parts.size();
  }

  /** The one part of a single-device batch. */
  public Operand<TFloat32> single() {
    if (parts.size() != 1) {
      throw new IllegalStateException("a batch of " + parts.size() + " replicas is not one tensor");
    }
    return parts.get(0);
  }

  /** {@code f} applied to every part with its device's ops. */
  public Replicated map(BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> f) {
    List<Operand<TFloat32>> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      out.add(f.apply(ops.get(i), parts.get(i)));
    }
    return new Replicated(ops, out, statistics, workers);
  }

  /** {@code f} applied part by part to this and {@code other} (e.g. a residual sum). */
  public Replicated zip(Replicated other, TriFunction f) {
    List<Operand<TFloat32>> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      out.add(f.apply(ops.get(i), parts.get(i), other.parts.get(i)));
    }
    return new Replicated(ops, out, statistics, workers);
  }

  /** A function of a replica's ops and two of its tensors. */
  public interface TriFunction {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b);
  }
}
