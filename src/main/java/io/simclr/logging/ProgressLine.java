package io.simclr.logging;

import io.simclr.metrics.StepMetrics;
import java.io.PrintStream;
import java.util.function.DoubleSupplier;

/**
 * A one-line progress report (step, steps/s, images/s, the step's metrics, ETA), redrawn in
 * place on a terminal and printed as plain lines otherwise (logs, CI).
 */
public final class ProgressLine implements StepListener {
  private final PrintStream out;
  private final boolean terminal;
  private final long total;
  private final int batchSize;
  private final long startNanos = System.nanoTime();
  private final long startStep;
  private final DoubleSupplier inputWait;

  /** @param inputWait seconds spent waiting for input so far (shown as a share of the time when any) */
  public ProgressLine(PrintStream out, long startStep, long total, int batchSize, DoubleSupplier inputWait) {
    this.inputWait = inputWait;
    this.out = out;
    this.terminal = System.console() != null;
    this.startStep = startStep;
    this.total = total;
    this.batchSize = batchSize;
  }

  @Override
  public void afterLoggedStep(StepMetrics m) {
    long step = m.step();
    double secs = (System.nanoTime() - startNanos) / 1e9;
    double rate = (step - startStep) / Math.max(secs, 1e-9);
    long eta = rate > 0 ? (long) ((total - step) / rate) : 0;
    int width = 24;
    int filled = (int) (width * step / Math.max(1, total));
    StringBuilder line = new StringBuilder(String.format("[%s%s] %d/%d  %.2f steps/s  %.0f img/s",
        "#".repeat(filled), ".".repeat(width - filled), step, total, rate, rate * batchSize));
    m.values().forEach((metric, v) -> {
      if (metric.progressFormat() != null) {
        line.append("  ").append(String.format(metric.progressFormat(), v));
      }
    });
    double wait = inputWait.getAsDouble();
    if (wait > 0) {
      line.append(String.format("  input wait %.1f%%", 100 * wait / Math.max(secs, 1e-9)));
    }
    line.append("  ETA ").append(hms(eta));
    if (terminal) {
      out.print("\r" + line);
      if (step >= total) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String hms(long s) {
    return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
