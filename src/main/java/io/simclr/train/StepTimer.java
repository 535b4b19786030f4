package io.simclr.train;

import io.simclr.logging.StepListener;
import io.simclr.metrics.StepMetrics;

/**
 * Times the steps of a throwaway run for {@code pretrain --time-budget}: the first step alone (it
 * also optimises the graph and builds kernels), the second as warm-up, then the steps after, until
 * enough are timed: at least {@link #MIN_TIMED} and 20 s of them (or {@link #MAX_TIMED}), or, with
 * at least two timed, a share of the budget. (Consecutive windows of 20 steps vary by up to 15%: 10 s
 * of steps missed the run's rate by 6-10%.)
 */
final class StepTimer implements StepListener {
  static final int MIN_TIMED = 3;
  static final int MAX_TIMED = 16;
  static final double ENOUGH_SECONDS = 20;

  private final double maxSeconds;
  private final long start = System.nanoTime();
  private long previous = start;
  private int steps;
  private double first;
  private double timed;
  private int timedSteps;
  private StepMetrics last;

  /** @param maxSeconds stop timing once this much has gone by (and two steps are timed) */
  StepTimer(double maxSeconds) {
    this.maxSeconds = maxSeconds;
  }

  @Override
  public void afterStep(StepMetrics m) {
    long now = System.nanoTime();
    double s = (now - previous) / 1e9;
    previous = now;
    steps++;
    last = m;
    if (steps == 1) {
      first = s;
    } else if (steps > 2) {
      timed += s;
      timedSteps++;
    }
  }

  boolean enough() {
    if (timedSteps >= MAX_TIMED || (timedSteps >= MIN_TIMED && timed >= ENOUGH_SECONDS)) {
      return true;
    }
    return timedSteps >= 2 && (System.nanoTime() - start) / 1e9 >= maxSeconds;
  }

  double firstStepSeconds() {
    return first;
  }

  double stepSeconds() {
    return timed / timedSteps;
  }

  int timedSteps() {
    return timedSteps;
  }

  StepMetrics last() {
    return last;
  }
}
