package io.simclr.run;

import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.LrScaling;

/**
 * How many steps a training recipe runs over a split of n images, and its learning-rate schedule:
 * the same rules for pretraining and fine-tuning.
 *
 * @param steps total steps; 0 = {@code epochs} epochs
 */
record StepBudget(int batchSize, int epochs, long steps) {
  /** Total optimisation steps for n images (the last partial batch of an epoch dropped). */
  long total(int n) {
    return steps > 0 ? steps : (long) epochs * perEpoch(n);
  }

  int perEpoch(int n) {
    return Math.max(1, n / batchSize);
  }

  /** Warm-up then cosine decay to 0 (warm-up capped at 10% of the run), from the scaled rate. */
  LearningRateSchedule schedule(LrScaling scaling, double learningRate, double warmupEpochs, int n) {
    return LearningRateSchedule.warmupCosine(scaling.apply(learningRate, batchSize), warmupEpochs, perEpoch(n), total(n));
  }
}
