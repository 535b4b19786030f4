package io.simclr.config;

import static io.simclr.util.InvalidConfigException.check;

import io.simclr.optim.LrScaling;

/**
 * The part both recipes share: batch size, how long, and the learning-rate schedule. The recipes
 * keep these as their own fields (so run.json and finetune.json stay as they are) and hand them
 * out and take them back as one value, so the flags and the checks are written once.
 */
public record Schedule(int batchSize, int epochs, long steps, double learningRate, LrScaling lrScaling,
    double warmupEpochs) implements StepBudget {

  /**
   * Checks every field; {@code minBatch} and {@code why} are the recipe's own rule for the batch
   * (NT-Xent needs negatives; a classifier can train on one image).
   */
  public void validate(int minBatch, String why) {
    check(lrScaling != null, "incomplete schedule: no --lr-scaling");
    check(batchSize >= minBatch, "--batch-size must be >= " + minBatch + why + ", got " + batchSize);
    check(epochs >= 1 || steps >= 1, "--epochs or --steps must be positive, got " + epochs + " and " + steps);
    check(epochs >= 0 && steps >= 0, "--epochs and --steps must not be negative, got " + epochs + " and " + steps);
    check(learningRate > 0 && Double.isFinite(learningRate), "--lr must be > 0, got " + learningRate);
    check(warmupEpochs >= 0 && Double.isFinite(warmupEpochs), "--warmup-epochs must be >= 0, got " + warmupEpochs);
  }

  public Schedule withBatchSize(int v) {
    return new Schedule(v, epochs, steps, learningRate, lrScaling, warmupEpochs);
  }

  public Schedule withEpochs(int v) {
    return new Schedule(batchSize, v, steps, learningRate, lrScaling, warmupEpochs);
  }

  public Schedule withSteps(long v) {
    return new Schedule(batchSize, epochs, v, learningRate, lrScaling, warmupEpochs);
  }

  public Schedule withLearningRate(double v) {
    return new Schedule(batchSize, epochs, steps, v, lrScaling, warmupEpochs);
  }

  public Schedule withLrScaling(LrScaling v) {
    return new Schedule(batchSize, epochs, steps, learningRate, v, warmupEpochs);
  }

  public Schedule withWarmupEpochs(double v) {
    return new Schedule(batchSize, epochs, steps, learningRate, lrScaling, v);
  }
}
