package io.simclr.train;

import io.simclr.workers.Agreement;
import io.simclr.metrics.Metric;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** What the training loop needs of a graph: the step op, the step counter and the reported scalars. */
public interface TrainingGraph {
  Graph graph();

  /** One optimisation step; increments {@link #step()}. */
  Op trainStep();

  Variable<TInt64> step();

  /** Scalars fetched with every step, in the order they are logged; must include {@link Metric#LOSS}. */
  Map<Metric, Operand<TFloat32>> metrics();

  /** Run once after a fresh initialisation (not on resume): e.g. loading pretrained weights. */
  default Optional<Op> warmStart() {
    return Optional.empty();
  }

  /** Run once the session is up, in a multi-worker run: checks that every worker starts alike. */
  default Optional<Agreement> agreement() {
    return Optional.empty();
  }
}
