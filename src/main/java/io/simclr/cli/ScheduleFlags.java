package io.simclr.cli;

import io.simclr.config.Schedule;
import io.simclr.config.StepBudget;
import io.simclr.optim.LrScaling;
import io.simclr.optim.Optimizer;
import io.simclr.optim.OptimizerConfig;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The schedule and optimizer flags, one table each, mounted on both recipes (as {@link ModelFlags}). */
final class ScheduleFlags {
  private ScheduleFlags() {}

  /**
   * The schedule flags on a recipe.
   *
   * @param perStep what one step's batch is, for --batch-size's help ("Images per step; ...")
   * @param epochOver what an epoch goes over, for --epochs's help
   */
  static <R extends StepBudget> List<Flag<R, ?>> on(BiFunction<R, Schedule, R> withSchedule, String perStep,
      String epochOver) {
    List<Flag<Schedule, ?>> table = List.of(
        new Flag<>("--batch-size", Integer.class, perStep + " (default ${DEFAULT-VALUE}).",
            Schedule::batchSize, Schedule::withBatchSize),
        new Flag<>("--epochs", Integer.class, "Epochs over " + epochOver + " (default ${DEFAULT-VALUE}).",
            Schedule::epochs, Schedule::withEpochs),
        new Flag<>("--steps", Long.class, "Total steps; overrides --epochs when > 0 (default ${DEFAULT-VALUE}).",
            Schedule::steps, Schedule::withSteps),
        new Flag<>("--lr", Double.class, "Reference learning rate before scaling (default ${DEFAULT-VALUE}).",
            Schedule::learningRate, Schedule::withLearningRate),
        new Flag<>("--lr-scaling", LrScaling.class,
            "linear (lr*B/256), sqrt (lr*sqrt(B)) or none (default ${DEFAULT-VALUE}).",
            Schedule::lrScaling, Schedule::withLrScaling),
        new Flag<>("--warmup-epochs", Double.class,
            "Linear warm-up (capped at 10%% of the run) before cosine decay (default ${DEFAULT-VALUE}).",
            Schedule::warmupEpochs, Schedule::withWarmupEpochs));
    return table.stream().<Flag<R, ?>>map(f -> f.on(StepBudget::scheduleSettings, withSchedule)).toList();
  }

  private static final List<Flag<OptimizerConfig, ?>> OPTIMIZER = List.of(
      new Flag<>("--optimizer", Optimizer.class, "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
          OptimizerConfig::kind, OptimizerConfig::withKind),
      new Flag<>("--momentum", Double.class, "Momentum for lars and sgd (default ${DEFAULT-VALUE}).",
          OptimizerConfig::momentum, OptimizerConfig::withMomentum),
      new Flag<>("--weight-decay", Double.class, "Weight decay on weights, not biases or BN (default ${DEFAULT-VALUE}).",
          OptimizerConfig::weightDecay, OptimizerConfig::withWeightDecay),
      new Flag<>("--trust-coefficient", Double.class, "LARS eta (default ${DEFAULT-VALUE}).",
          OptimizerConfig::trustCoefficient, OptimizerConfig::withTrustCoefficient));

  /** The optimizer flags on a recipe that holds an {@link OptimizerConfig}. */
  static <R> List<Flag<R, ?>> optimizerOn(Function<R, OptimizerConfig> optimizer,
      BiFunction<R, OptimizerConfig, R> withOptimizer) {
    return OPTIMIZER.stream().<Flag<R, ?>>map(f -> f.on(optimizer, withOptimizer)).toList();
  }
}
