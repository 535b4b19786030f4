package io.simclr.bench;

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
    PretrainGraph g = BenchGraph.build("resnet-small", batch, side, channels, steps, 0.05, 0);
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
