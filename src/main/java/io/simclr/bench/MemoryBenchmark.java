package io.simclr.bench;

import io.simclr.augment.AugmentConfig;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.OptimizerConfig;
import io.simclr.train.PretrainConfig;
import io.simclr.train.PretrainGraph;
import io.simclr.train.SessionConfigs;
import io.simclr.util.ProcessMemory;
import java.io.PrintStream;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * A long run of training steps, each with a fresh input tensor and fetched results as the real
 * loop has, printing resident memory at intervals: it must stay flat (every Tensor and Result is
 * closed).
 */
public final class MemoryBenchmark {
  private MemoryBenchmark() {}

  /** @return RSS growth in MiB from the first report to the last */
  public static double run(int steps, int batch, int side, int channels, PrintStream out) {
    ModelConfig m = new ModelConfig("resnet-small", 1, "auto", 2, 0, 128, side, side, channels);
    PretrainConfig c = new PretrainConfig("bench", m, AugmentConfig.defaults(side),
        new OptimizerConfig("lars", 0.9, 1e-4, 0.001), batch, 1, steps, 0.05, "none", 0, 0.2, 0,
        1000, 1, 1, "cpu", 0, 0, false);
    PretrainGraph g = new PretrainGraph(c, new LearningRateSchedule(0.05, 0, steps), "cpu", 0);
    Random r = new Random(0);
    byte[] px = new byte[batch * side * side * channels];
    int every = Math.max(1, steps / 10);
    double first = -1;
    double last = -1;
    try (g.graph; Session s = new Session(g.graph, SessionConfigs.threads(0, 0))) {
      s.initialize();
      out.println("| step | RSS MiB | peak RSS MiB |");
      out.println("|---:|---:|---:|");
      for (int i = 1; i <= steps; i++) {
        r.nextBytes(px);
        try (TUint8 x = TUint8.tensorOf(Shape.of(batch, side, side, channels), DataBuffers.of(px, true, false));
            Result res = s.runner().feed(g.images, x).addTarget(g.trainStep).fetch(g.loss).fetch(g.accuracy).run()) {
          // fetched like the training loop
        }
        if (i % every == 0) {
          last = ProcessMemory.residentMiB();
          if (first < 0) {
            first = last;
          }
          out.printf("| %d | %.0f | %.0f |%n", i, last, ProcessMemory.peakResidentMiB());
          out.flush();
        }
      }
    }
    return last - first;
  }
}
