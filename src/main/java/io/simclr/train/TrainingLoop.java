package io.simclr.train;

import io.simclr.feed.BatchInput;
import io.simclr.feed.BatchOrder;
import io.simclr.feed.Feed;
import io.simclr.logging.StepListener;
import io.simclr.metrics.Metric;
import io.simclr.metrics.StepMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.types.TFloat32;

/**
 * Runs steps of a {@link TrainingGraph} from the session's start step until {@code stopAt} or a
 * stop request (a signal; when timing steps, enough of them), feeding batches in {@link BatchOrder},
 * stopping on a non-finite loss, and telling
 * the listeners (checkpoints, metrics file, TensorBoard, progress) about each step.
 */
final class TrainingLoop {
  private final TrainingGraph graph;
  private final BatchInput input;
  private final BatchOrder order;
  private final int logEvery;
  private final String resumeCommand;
  private final List<Monitor> monitors;
  private final Role role;

  /**
   * @param resumeCommand what the user types to continue, shown when a signal stops the loop
   * @param monitors each measures on its steps (which are then logged)
   * @param role how a step runs (workers: with the collective run options) and how its failure is explained
   */
  TrainingLoop(TrainingGraph graph, BatchInput input, BatchOrder order, int logEvery, String resumeCommand,
      List<Monitor> monitors, Role role) {
    this.role = role;
    this.graph = graph;
    this.input = input;
    this.order = order;
    this.logEvery = logEvery;
    this.resumeCommand = resumeCommand;
    this.monitors = monitors;
  }

  Outcome run(TrainingSession ts, long stopAt, long total, CheckpointPolicy ckpts, List<StepListener> listeners,
      BooleanSupplier stopRequested, PrintStream progress) throws IOException {
    // the checkpoint comes last: a step must be logged before a checkpoint marks it done, or a kill
    // between the two would lose its metrics line (a resume starts after the checkpoint)
    List<StepListener> all = new ArrayList<>(listeners);
    all.add(ckpts);
    long step = ts.startStep;
    StepMetrics last = null;
    boolean interrupted = false;
    while (step < stopAt) {
      if (stopRequested.getAsBoolean()) {
        interrupted = true;
        break;
      }
      try {
        last = runStep(ts.session, step);
      } catch (TensorFlowException e) {
        throw role.failures().explain(step + 1, e);
      }
      step = last.step();
      double loss = last.get(Metric.LOSS);
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(String.format(
            "loss became %s at step %d; the last good checkpoint (%s) is kept; lower --lr and --resume or restart",
            loss, step, ckpts.last().map(p -> p.getParent().getFileName().toString()).orElse("none")));
      }
      boolean logged = step % logEvery == 0 || step == stopAt;
      for (Monitor m : monitors) {
        if (m.due(step)) {
          last.values().putAll(m.measure(ts.session, last, progress));
          logged = true;
        }
      }
      for (StepListener l : all) {
        l.afterStep(last);
        if (logged) {
          l.afterLoggedStep(last);
        }
      }
    }
    for (StepListener l : all) {
      l.finished(step);
    }
    Path checkpoint = ckpts.last().orElse(null);
    if (interrupted) {
      progress.println("interrupted at step " + step + "/" + total + "; "
          + (checkpoint == null ? "no checkpoint" : "checkpoint " + checkpoint.getParent() + " written")
          + "; continue with: " + resumeCommand);
    }
    return new Outcome(step, total, last == null ? Map.of() : last.values(), checkpoint, interrupted);
  }

  /** Runs step {@code step} (0-based) and returns its metrics, labelled with the step count after it. */
  private StepMetrics runStep(Session s, long step) throws IOException {
    Session.Runner runner = role.stepRunner(s);
    List<Metric> keys = new ArrayList<>(graph.metrics().keySet());
    try (Feed x = input.feed(runner, step)) {
      runner.addTarget(graph.trainStep());
      for (Operand<TFloat32> m : graph.metrics().values()) {
        runner.fetch(m);
      }
      try (Result r = runner.run()) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (int i = 0; i < keys.size(); i++) {
          values.put(keys.get(i), (double) ((TFloat32) r.get(i)).getFloat());
        }
        long done = step + 1;
        return new StepMetrics(done, (double) done / order.stepsPerEpoch(), values, System.currentTimeMillis() / 1000.0);
      }
    }
  }
}
