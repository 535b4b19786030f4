package io.simclr.bench;

import io.simclr.train.PretrainGraph;
import io.simclr.train.SessionConfigs;
import io.simclr.util.ProcessMemory;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * Times full SimCLR training steps (augmentation, forward, backward, LARS) on random uint8
 * batches, and the augmentation alone in the same graph, so its share of a step is measured.
 */
public final class TrainStepBenchmark {
  /** Seconds per step, views per second, augmentation share, achieved FLOP/s, memory. */
  public record Result(String encoder, int batch, int side, int channels, double secondsPerStep,
      double viewsPerSecond, double augmentSeconds, double trainFlopsPerSecond, double rssMiB) {}

  private TrainStepBenchmark() {}

  public static Result run(String encoder, int batch, int side, int channels, int steps, int threads) {
    PretrainGraph g = BenchGraph.build(encoder, batch, side, channels, steps + 2, 0.1, threads);
    byte[] px = new byte[batch * side * side * channels];
    new Random(0).nextBytes(px);
    try (g.graph; Session s = new Session(g.graph, SessionConfigs.threads(threads, 0));
        TUint8 x = TUint8.tensorOf(Shape.of(batch, side, side, channels), DataBuffers.of(px, true, false))) {
      s.initialize();
      for (int i = 0; i < 2; i++) {
        s.runner().feed(g.images, x).addTarget(g.trainStep).run().close();
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        try (org.tensorflow.Result r = s.runner().feed(g.images, x).addTarget(g.trainStep).fetch(g.loss).run()) {
          // loss fetched, as the training loop does
        }
      }
      double perStep = (System.nanoTime() - t0) / 1e9 / steps;
      long t1 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        try (org.tensorflow.Result r = s.runner().feed(g.images, x).fetch(g.views).run()) {
          // augmentation only
        }
      }
      double augment = (System.nanoTime() - t1) / 1e9 / steps;
      // training ~ 3x forward FLOPs (forward, input gradient, weight gradient)
      double flops = 3 * g.params.forwardFlopsPerImage() * 2 * batch / perStep;
      return new Result(encoder, batch, side, channels, perStep, 2 * batch / perStep, augment, flops,
          ProcessMemory.residentMiB());
    }
  }
}
