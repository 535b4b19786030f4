package io.simclr.cli;

import io.simclr.bench.TimedStep;
import io.simclr.config.Recipe;
import io.simclr.data.ImageSet;
import io.simclr.feed.BatchInput;
import io.simclr.metrics.Metric;
import io.simclr.model.Encoder;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.LrScaling;
import io.simclr.runtime.Device;
import io.simclr.train.PretrainGraph;
import io.simclr.util.ImageShape;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** The training steps {@code bench} times: the default recipe (LARS) on random images, on the CPU. */
final class BenchSteps {
  private BenchSteps() {}

  /** A step of {@code batch} random images whose learning rate is {@code lr} throughout (no warm-up, no decay). */
  static TimedStep pretrain(Encoder encoder, int batch, ImageShape shape, double lr) {
    Recipe r = Recipe.defaults(Path.of("bench"), shape).withModel(
        ModelConfig.defaults(shape).withEncoder(encoder))
        .withBatchSize(batch).withLearningRate(lr).withLrScaling(LrScaling.NONE).withWarmupEpochs(0);
    byte[] px = new byte[batch * shape.pixelsPerImage()];
    new Random(0).nextBytes(px);
    ImageSet images = new ImageSet(px, new int[batch], shape, List.of("random"));
    BatchInput input = BatchInput.fixed(images);
    // a long constant schedule: the rate does not move while the benchmark runs
    PretrainGraph g = new PretrainGraph(r, new LearningRateSchedule(lr, 0, Long.MAX_VALUE / 2), Device.CPU, input, 1);
    return new TimedStep(g.graph(), g.trainStep(), g.metrics().get(Metric.LOSS), g.views,
        runner -> feedStepZero(input, runner)::close, 2 * batch, g.params.forwardFlopsPerImage());
  }

  private static io.simclr.feed.Feed feedStepZero(BatchInput input, org.tensorflow.Session.Runner runner) {
    try {
      return input.feed(runner, 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
