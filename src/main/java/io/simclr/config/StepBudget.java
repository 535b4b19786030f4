package io.simclr.config;

import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.LrScaling;

/**
 * How many steps a training recipe runs over a split of n images, and its learning-rate schedule:
 * the same rules for pretraining and fine-tuning (both recipes implement this with their fields).
 */
public interface StepBudget {
  int batchSize();

  int epochs();

  /** Total steps; 0 = {@link #epochs} epochs. */
  long steps();

  double learningRate();

  LrScaling lrScaling();

  double warmupEpochs();

  /** These fields as one value (what the schedule flags and checks work on). */
  default Schedule scheduleSettings() {
    return new Schedule(batchSize(), epochs(), steps(), learningRate(), lrScaling(), warmupEpochs());
  }

  /** Total optimisation steps for a training split of {@code n} images (last partial batch dropped). */
  default long totalSteps(int n) {
    return steps() > 0 ? steps() : (long) epochs() * stepsPerEpoch(n);
  }

  default int stepsPerEpoch(int n) {
    return Math.max(1, n / batchSize());
  }

  /** Warm-up then cosine decay to 0; warm-up is capped at 10% of the run. */
  default LearningRateSchedule schedule(int n) {
    return LearningRateSchedule.warmupCosine(lrScaling().apply(learningRate(), batchSize()), warmupEpochs(),
        stepsPerEpoch(n), totalSteps(n));
  }
}
