package io.simclr.train;

import io.simclr.workers.WorkerFailure;
import io.simclr.workers.WorkerServer;
import io.simclr.collective.Collectives;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;

/**
 * This process's part in a run: where its session runs, and whether it writes the run directory.
 * A process on its own, or the chief (task 0) of a cluster, writes run.json, metrics, TensorBoard
 * and checkpoints; another worker only trains (and reads the directory to resume).
 */
record Role(Sessions sessions, RunDirectory directory, StepFailures failures, RunOptions stepOptions) {
  /** Opens the training session. */
  interface Sessions {
    Session open(Graph graph, ConfigProto config);
  }

  /** Explains a step that TensorFlow failed (e.g. naming a lost worker). */
  interface StepFailures {
    RuntimeException explain(long step, TensorFlowException e);
  }

  /** Whether this process writes the run directory. */
  enum RunDirectory {
    WRITE,
    READ_ONLY
  }

  /** One process: a local session, and it writes. */
  static final Role ALONE = new Role(Session::new, RunDirectory.WRITE, (step, e) -> e, RunOptions.getDefaultInstance());

  /** A worker of a cluster: sessions on its server (the config was given when it started). */
  static Role worker(WorkerServer server) {
    return new Role((graph, config) -> server.open(graph),
        server.cluster().isChief() ? RunDirectory.WRITE : RunDirectory.READ_ONLY,
        (step, e) -> WorkerFailure.explain(server.cluster(), step, e), Collectives.RUN_OPTIONS);
  }

  /** A runner for a training step: with the workers' collective run options where there are workers. */
  Session.Runner stepRunner(Session s) {
    Session.Runner r = s.runner();
    return stepOptions.equals(RunOptions.getDefaultInstance()) ? r : r.setOptions(stepOptions);
  }

  boolean writes() {
    return directory == RunDirectory.WRITE;
  }
}
