package io.simclr.bench;

import io.simclr.util.ProcessMemory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;

/**
 * Times full training steps (augmentation, forward, backward, update) and the augmentation alone
 * in the same graph, so its share of a step is measured.
 */
public final class TrainStepBenchmark {
  /** Seconds per step, views per second, augmentation time, achieved FLOP/s, memory. */
  public record Timing(double secondsPerStep, double viewsPerSecond, double augmentSeconds,
      double trainFlopsPerSecond, double rssMiB) {}

  private TrainStepBenchmark() {}

  /** Two warm-up steps, then {@code steps} timed steps and {@code steps} augmentation-only runs. */
  public static Timing run(TimedStep t, int steps, ConfigProto config) {
    try (Graph g = t.graph(); Session s = new Session(g, config)) {
      s.initialize();
      for (int i = 0; i < 2; i++) {
        runStep(s, t);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        runStep(s, t);
      }
      double perStep = (System.nanoTime() - t0) / 1e9 / steps;
      // a first run of a new fetch set builds its executor: untimed, like the steps' warm-up
      long t1 = 0;
      for (int i = -1; i < steps; i++) {
        if (i == 0) {
          t1 = System.nanoTime();
        }
        Session.Runner r = s.runner();
        try (TimedStep.Fed x = t.feed().apply(r); Result out = r.fetch(t.augmentation()).run()) {
          // augmentation only
        }
      }
      double augment = (System.nanoTime() - t1) / 1e9 / steps;
      // training ~ 3x forward FLOPs (forward, input gradient, weight gradient)
      double flops = 3 * t.forwardFlopsPerView() * t.viewsPerStep() / perStep;
      return new Timing(perStep, t.viewsPerStep() / perStep, augment, flops, ProcessMemory.residentMiB());
    }
  }

  /** What a profile traces: whole training steps, or the augmentation of a step alone. */
  public enum Part { STEP, AUGMENTATION }

  /** Where the time of {@code steps} traced runs of {@code part} goes (after two untraced warm-up steps). */
  public static OpProfile profile(TimedStep t, int steps, ConfigProto config, Part part) {
    OpProfile profile = new OpProfile();
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    try (Graph g = t.graph(); Session s = new Session(g, config)) {
      s.initialize();
      for (int i = 0; i < 2; i++) {
        runStep(s, t);
      }
      for (int i = 0; i < steps; i++) {
        Session.Runner r = s.runner().setOptions(trace);
        if (part == Part.STEP) {
          r.addTarget(t.trainStep()).fetch(t.loss());
        } else {
          r.fetch(t.augmentation());
        }
        try (TimedStep.Fed x = t.feed().apply(r); Result out = r.runAndFetchMetadata()) {
          profile.add(out.getMetadata().orElseThrow());
        }
      }
    }
    return profile;
  }

  /** One step with a fresh input tensor and the loss fetched, as the training loop runs it. */
  static void runStep(Session s, TimedStep t) {
    Session.Runner r = s.runner();
    try (TimedStep.Fed x = t.feed().apply(r); Result out = r.addTarget(t.trainStep()).fetch(t.loss()).run()) {
      // loss fetched, as the training loop does
    }
  }
}
