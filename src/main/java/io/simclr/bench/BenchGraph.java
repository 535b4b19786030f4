package io.simclr.bench;

import io.simclr.augment.AugmentConfig;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.OptimizerConfig;
import io.simclr.train.PretrainConfig;
import io.simclr.train.PretrainGraph;

/** The training graph the benchmarks time: the default recipe with LARS, on the CPU. */
final class BenchGraph {
  private BenchGraph() {}

  /** A graph for {@code totalSteps} steps whose learning rate starts at {@code lr} (no warm-up). */
  static PretrainGraph build(String encoder, int batch, int side, int channels, long totalSteps, double lr, int threads) {
    ModelConfig m = new ModelConfig(encoder, 1, "auto", 2, 0, 128, side, side, channels);
    PretrainConfig c = new PretrainConfig("bench", m, AugmentConfig.defaults(side),
        new OptimizerConfig("lars", 0.9, 1e-4, 0.001), batch, 1, totalSteps, lr, "none", 0, 0.2, 0,
        1000, 1, 1, "cpu", threads, 0, false);
    return new PretrainGraph(c, new LearningRateSchedule(lr, 0, totalSteps), "cpu", 0);
  }
}
