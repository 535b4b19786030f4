package io.simclr.bench;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;

/**
 * A training step to time, whatever built it: the graph, its step op, the loss fetched with it,
 * the augmentation alone (timed separately for its share), and how to feed one batch.
 *
 * @param feed adds one batch to a runner; the benchmark closes what it returns after the run
 * @param forwardFlopsPerView multiply-adds x 2 of one view's forward pass
 */
public record TimedStep(Graph graph, Op trainStep, Operand<?> loss, Operand<?> augmentation,
    Feeder feed, int viewsPerStep, double forwardFlopsPerView) {

  /** Adds one batch to a runner; what it returns is closed after the run. */
  public interface Feeder {
    Fed apply(Session.Runner runner);
  }

  /** The fed tensors, to close after the run. */
  public interface Fed extends AutoCloseable {
    @Override
    void close();
  }
}
