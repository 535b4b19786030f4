package io.simclr.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training step reported: one line of {@code metrics.jsonl}.
 *
 * @param epoch fractional epochs done after this step
 * @param time wall-clock seconds since the Unix epoch
 */
public record StepMetrics(long step, double epoch, Map<Metric, Double> values, double time) {
  public double get(Metric m) {
    Double v = values.get(m);
    if (v == null) {
      throw new IllegalArgumentException("metric '" + m + "' not logged at step " + step);
    }
    return v;
  }

  /** The JSON object of {@code metrics.jsonl}: step, epoch, the metrics in order, time. */
  Map<String, Object> json() {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("step", step);
    rec.put("epoch", epoch);
    values.forEach((k, v) -> rec.put(k.key(), v));
    rec.put("time", time);
    return rec;
  }
}
