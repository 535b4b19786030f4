package io.simclr.config;

import static io.simclr.util.InvalidConfigException.check;

/**
 * {@code pretrain --time-budget}: a wall-clock limit for the whole command that chooses the number
 * of steps. The first steps of the recipe are timed in a throwaway session, then the run gets as
 * many steps as fit, so that its warm-up and cosine decay end as the budget ends. The choice is
 * written into the recipe ({@code steps}) and beside it ({@link Plan} in run.json): a resumed run
 * keeps it, and {@code --steps} with the recorded count repeats the run bit for bit.
 */
public record TimeBudget(double minutes) {
  /** The fewest steps a budget may leave; fewer is refused as a budget too small to train in. */
  public static final long MIN_STEPS = 10;

  /**
   * The share added to the timed step in the plan. A budget is a limit, and a run's steps were
   * measured 6-14% slower than the throwaway session's timed steps (resnet-small width 2, bf16, AMD
   * EPYC Zen 5: 1.80-1.93 s against 1.70 s) and up to 14% faster for other recipes: overshooting
   * costs the user more than ending early.
   */
  public static final double STEP_MARGIN = 0.15;

  /** Where run.json's provenance keeps the {@link Plan}. */
  public static final String PROVENANCE_KEY = "timeBudget";

  public void validate() {
    check(minutes > 0 && Double.isFinite(minutes), "--time-budget must be > 0 minutes, got " + minutes);
  }

  public double seconds() {
    return minutes * 60;
  }

  /**
   * What a run of the recipe costs on this machine, measured on its first steps.
   *
   * @param firstStepSeconds the first step, which also optimises the graph and builds kernels
   * @param stepSeconds the mean of the steps timed after it
   * @param monitorSeconds one measurement by every monitor (0 when there are none)
   * @param checkpointSeconds one checkpoint written
   */
  public record Timing(double firstStepSeconds, double stepSeconds, int timedSteps, double monitorSeconds,
      double checkpointSeconds) {}

  /**
   * The steps the budget chose and how, as run.json records it.
   *
   * @param elapsedSeconds the command's wall-clock time before training starts (start-up, data, timing)
   * @param monitorEvery steps between monitor measurements (0: no monitors)
   * @param steps the run's length, written into the recipe
   * @param plannedSeconds what the whole command should take by this plan
   */
  public record Plan(double minutes, double elapsedSeconds, Timing timing, long monitorEvery,
      long checkpointEvery, double reserveSeconds, long steps, double plannedSeconds) {}

  /**
   * The most steps whose cost fits what is left of the budget: each step, the first step's extra
   * time, a monitor measurement every {@code monitorEvery} steps and at the end, a checkpoint every
   * {@code checkpointEvery} steps and at the end, and a reserve for the export after the last step.
   *
   * @throws io.simclr.util.InvalidConfigException when fewer than {@link #MIN_STEPS} steps fit
   */
  public Plan plan(double elapsedSeconds, Timing t, long monitorEvery, long checkpointEvery) {
    double reserve = reserveSeconds(t);
    double left = seconds() - elapsedSeconds - reserve - Math.max(0, t.firstStepSeconds() - t.stepSeconds());
    long lo = 0;
    long hi = 1;
    while (cost(hi, t, monitorEvery, checkpointEvery) <= left && hi < Long.MAX_VALUE / 4) {
      hi *= 2;
    }
    // cost is increasing in the steps: the largest lo with cost(lo) <= left
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (cost(mid, t, monitorEvery, checkpointEvery) <= left) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    check(lo >= MIN_STEPS, String.format("--time-budget %s min leaves time for %d steps (a step takes %.2f s, the "
        + "command had used %.0f s before training): give more minutes, or a smaller model or batch", fmt(minutes), lo,
        t.stepSeconds(), elapsedSeconds));
    double planned = elapsedSeconds + reserve + Math.max(0, t.firstStepSeconds() - t.stepSeconds())
        + cost(lo, t, monitorEvery, checkpointEvery);
    return new Plan(minutes, elapsedSeconds, t, monitorEvery, checkpointEvery, reserve, lo, planned);
  }

  /** The export after the run: a second graph and a SavedModel, about two checkpoints' worth, at least 3 s. */
  static double reserveSeconds(Timing t) {
    return 3 + 2 * t.checkpointSeconds();
  }

  /** Seconds that {@code steps} steps take with their monitor measurements and checkpoints, with the step's margin. */
  static double cost(long steps, Timing t, long monitorEvery, long checkpointEvery) {
    return steps * t.stepSeconds() * (1 + STEP_MARGIN) + occurrences(steps, monitorEvery) * t.monitorSeconds()
        + occurrences(steps, checkpointEvery) * t.checkpointSeconds();
  }

  /** How often something done every {@code every} steps and after the last one happens in {@code steps} steps. */
  static long occurrences(long steps, long every) {
    if (every <= 0 || steps <= 0) {
      return 0;
    }
    return steps / every + (steps % every == 0 ? 0 : 1);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
