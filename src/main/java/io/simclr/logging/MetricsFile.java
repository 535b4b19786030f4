package io.simclr.logging;

import io.simclr.metrics.MetricsLog;
import io.simclr.metrics.StepMetrics;
import java.io.IOException;

/** Appends every logged step to {@code metrics.jsonl}. */
public final class MetricsFile implements StepListener {
  private final MetricsLog log;

  public MetricsFile(MetricsLog log) {
    this.log = log;
  }

  @Override
  public void afterLoggedStep(StepMetrics m) throws IOException {
    log.log(m);
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
