package io.simclr.bench;

import io.simclr.runtime.SessionConfigs;
import io.simclr.util.ProcessMemory;
import java.io.PrintStream;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A long run of training steps, each with a fresh input tensor and fetched results as the real
 * loop has, printing resident memory at intervals: it must stay flat (every Tensor and Result is
 * closed).
 */
public final class MemoryBenchmark {
  private MemoryBenchmark() {}

  /** @return RSS growth in MiB from the first report to the last */
  public static double run(TimedStep t, int steps, PrintStream out) {
    int every = Math.max(1, steps / 10);
    double first = -1;
    double last = -1;
    try (Graph g = t.graph(); Session s = new Session(g, SessionConfigs.threads(0, 0))) {
      s.initialize();
      out.println("| step | RSS MiB | peak RSS MiB |");
      out.println("|---:|---:|---:|");
      for (int i = 1; i <= steps; i++) {
        TrainStepBenchmark.runStep(s, t);
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
