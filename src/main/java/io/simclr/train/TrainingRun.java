package io.simclr.train;

import io.simclr.config.RunOptions;
import io.simclr.feed.BatchInput;
import io.simclr.feed.BatchOrder;
import io.simclr.logging.MetricsFile;
import io.simclr.logging.ProgressLine;
import io.simclr.logging.TensorBoardLog;
import io.simclr.metrics.Metric;
import io.simclr.metrics.MetricsLog;
import io.simclr.run.Checkpoints;
import io.simclr.runtime.Device;
import io.simclr.runtime.Precision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.op.Ops;

/**
 * The machinery every training command shares: TensorBoard ops, the session (fresh, warm-started
 * or restored), the run files written only once the session is up, the metrics file, progress
 * line, checkpoint policy, stop signal, and the loop. Pretraining and fine-tuning differ only in
 * their graph and batches.
 */
final class TrainingRun {
  /**
   * What to train.
   *
   * @param resumeCommand what the user types to continue, shown when a signal stops the run
   * @param monitors what measures the weights on its steps (kNN, health); may be empty
   * @param logged every metric that may appear in the log (TensorBoard tags)
   * @param role where the session runs and whether this process writes the run directory
   */
  record Spec(TrainingGraph graph, BatchInput input, BatchOrder order, long total, int batchSize,
      String resumeCommand, List<Monitor> monitors, Set<Metric> logged, Role role) {}

  /** Writes a new run's own files (its recipe) into the run directory. */
  interface RunFiles {
    void write(Path runDir) throws IOException;
  }

  private TrainingRun() {}

  /**
   * @param newRun for a new run, writes its files once the session is up; empty on resume
   * @param restore the checkpoint to continue from, if any
   */
  static Outcome execute(Spec spec, RunOptions o, Device device, Path runDir, Optional<RunFiles> newRun,
      Optional<Long> restore, PrintStream progress) throws IOException {
    boolean writes = spec.role().writes();
    // its summary ops join the graph before the session opens; a worker that does not write has none
    Optional<TensorBoardLog> tb = writes ? Optional.of(new TensorBoardLog(Ops.create(spec.graph().graph()),
        runDir.resolve("tensorboard").toAbsolutePath().toString(), spec.logged())) : Optional.empty();
    Checkpoints ckpts = new Checkpoints(runDir, o.keepCheckpoints());
    // closed last: a shutdown waits until the session and graph are closed
    try (StopSignal stop = StopSignal.install(progress);
        var graph = spec.graph().graph();
        TrainingSession ts = TrainingSession.open(spec.graph(), spec.input(), o.sessionConfig(), spec.role().sessions(),
            device, ckpts, restore)) {
      progress.println("on " + device + " in " + o.precision() + (o.precision() == Precision.BF16
          ? " (bfloat16 convolutions and matmuls; --precision fp32 forces float32)" : ""));
      if (!writes) {
        progress.println(restore.isPresent() ? "resumed at step " + ts.startStep + "/" + spec.total() : "started");
      } else if (newRun.isPresent()) {
        // the first write: everything before it can fail without leaving a trace
        Files.createDirectories(runDir);
        newRun.get().write(runDir);
      } else if (restore.isPresent()) {
        progress.println("resumed " + runDir + " at step " + ts.startStep + "/" + spec.total());
      }
      if (writes) {
        o.record(runDir);
      }
      long total = spec.total();
      long stopAt = o.stopAfter() > 0 ? Math.min(total, ts.startStep + o.stopAfter()) : total;
      TrainingLoop loop = new TrainingLoop(spec.graph(), spec.input(), spec.order(), o.logEvery(),
          spec.resumeCommand(), spec.monitors(), spec.role());
      CheckpointPolicy policy = writes ? new CheckpointPolicy(ckpts, ts.session, o.checkpointEvery(), restore)
          : CheckpointPolicy.none(restore.map(ckpts::prefix));
      ProgressLine line = new ProgressLine(progress, ts.startStep, total, spec.batchSize(), spec.input()::waitSeconds);
      if (tb.isEmpty()) {
        return loop.run(ts, stopAt, total, policy, List.of(line), stop::requested, progress);
      }
      try (TensorBoardLog board = tb.get().open(ts.session);
          MetricsFile metrics = new MetricsFile(new MetricsLog(runDir.resolve(MetricsLog.FILE_NAME),
              newRun.isEmpty() ? ts.startStep : -1))) {
        return loop.run(ts, stopAt, total, policy, List.of(metrics, board, line), stop::requested, progress);
      }
    }
  }
}
