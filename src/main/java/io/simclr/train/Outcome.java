package io.simclr.train;

import io.simclr.metrics.Metric;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a finished (or stopped) training invocation reached.
 *
 * @param last the metrics of its last step (empty if it ran none)
 * @param checkpoint variables prefix of the newest checkpoint, or null if there is none
 * @param interrupted a stop signal ended it early (after writing a checkpoint)
 */
public record Outcome(long step, long totalSteps, Map<Metric, Double> last, Path checkpoint, boolean interrupted) {
  /** The last step's value of {@code m}, NaN if it ran no step. */
  public double lastValue(Metric m) {
    return last.getOrDefault(m, Double.NaN);
  }

  public boolean complete() {
    return step >= totalSteps;
  }
}
