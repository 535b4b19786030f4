package io.simclr.train;

import io.simclr.metrics.Metric;
import io.simclr.metrics.StepMetrics;
import java.io.Closeable;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Session;

/**
 * Measures the current weights on its steps, without changing them (training and bit-exact
 * resume are unaffected); its values join that step's metrics and log line.
 */
interface Monitor extends Closeable {
  boolean due(long step);

  /**
   * @param step the step's own metrics (its loss, ...), already computed
   * @param progress where a warning goes (one line)
   */
  Map<Metric, Double> measure(Session s, StepMetrics step, PrintStream progress);

  /** What {@link #measure} reports. */
  Set<Metric> metrics();

  /** One line saying what it measures and how often. */
  String describe();
}
