package io.simclr.train;

import io.simclr.augment.AugmentConfig;
import io.simclr.model.ModelConfig;
import io.simclr.optim.OptimizerConfig;

/** Everything that determines a pretraining run; stored in run.json and reused on --resume. */
public record PretrainConfig(
    String data,
    ModelConfig model,
    AugmentConfig augment,
    OptimizerConfig optimizer,
    int batchSize,
    int epochs,
    long steps,
    double learningRate,
    String lrScaling,
    double warmupEpochs,
    double temperature,
    long seed,
    int checkpointEvery,
    int keepCheckpoints,
    int logEvery,
    String device,
    int intraOpThreads,
    int interOpThreads,
    boolean dataOnDevice) {

  public void validate() {
    model.validate();
    augment.validate();
    optimizer.validate();
    if (batchSize < 2) {
      throw new IllegalArgumentException("--batch-size must be >= 2");
    }
    if (epochs < 1 && steps < 1) {
      throw new IllegalArgumentException("--epochs or --steps must be positive");
    }
    if (learningRate <= 0 || temperature <= 0) {
      throw new IllegalArgumentException("--lr and --temperature must be positive");
    }
    if (checkpointEvery < 1 || keepCheckpoints < 1 || logEvery < 1) {
      throw new IllegalArgumentException("--checkpoint-every, --keep-checkpoints and --log-every must be >= 1");
    }
    if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
      throw new IllegalArgumentException("--device must be auto, cpu or gpu");
    }
  }

  /** Total optimisation steps for a training split of {@code n} images (last partial batch dropped). */
  public long totalSteps(int n) {
    return steps > 0 ? steps : (long) epochs * stepsPerEpoch(n);
  }

  public int stepsPerEpoch(int n) {
    return Math.max(1, n / batchSize);
  }
}
