package io.simclr.train;

import io.simclr.feed.BatchInput;
import io.simclr.run.Checkpoints;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import java.io.IOException;
import java.util.Optional;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TInt64;

/**
 * The session of a training graph, opened on a fresh initialisation or restored from a
 * checkpoint, with its input loaded. Build the whole graph (TensorBoard ops included) first.
 */
final class TrainingSession implements AutoCloseable {
  final Session session;
  /** The step the session starts from: 0, or the restored checkpoint's. */
  final long startStep;
  /** The checkpoint restored, if any. */
  final Optional<Long> restored;

  private TrainingSession(Session session, long startStep, Optional<Long> restored) {
    this.session = session;
    this.startStep = startStep;
    this.restored = restored;
  }

  /** Restores {@code checkpoint} when present, else initialises every variable. */
  static TrainingSession open(TrainingGraph g, BatchInput input, ConfigProto config, Role.Sessions sessions,
      Device device, Checkpoints ckpts, Optional<Long> checkpoint) throws IOException {
    Session s = sessions.open(g.graph(), config);
    try {
      long step = 0;
      if (checkpoint.isPresent()) {
        ckpts.restore(s, checkpoint.get());
        step = readStep(s, g);
        if (step != checkpoint.get()) {
          throw new IOException(ckpts.prefix(checkpoint.get()) + ": holds step " + step
              + ", directory says " + checkpoint.get());
        }
      } else {
        try {
          s.initialize();
        } catch (RuntimeException e) {
          throw device == Device.GPU ? Devices.placementError(e) : e;
        }
        if (g.warmStart().isPresent()) {
          s.run(g.warmStart().get());
        }
      }
      input.load(s);
      if (g.agreement().isPresent()) {
        g.agreement().get().verify(s);
      }
      return new TrainingSession(s, step, checkpoint);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static long readStep(Session s, TrainingGraph g) {
    try (Result r = s.runner().fetch(g.step()).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
