package io.simclr.train;

import io.simclr.logging.StepListener;
import io.simclr.metrics.StepMetrics;
import io.simclr.run.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.Session;

/** A checkpoint every {@code every} steps and one where the loop stops. */
class CheckpointPolicy implements StepListener {
  private final Checkpoints ckpts;
  private final Session session;
  private final int every;
  private Optional<Long> lastSaved;

  /** @param restored the checkpoint the session started from, if any */
  CheckpointPolicy(Checkpoints ckpts, Session session, int every, Optional<Long> restored) {
    this.ckpts = ckpts;
    this.session = session;
    this.every = every;
    this.lastSaved = restored;
  }

  /**
   * For a worker that does not write the run directory (the chief saves): saves nothing, and
   * {@link #last} stays the checkpoint it started from.
   */
  static CheckpointPolicy none(Optional<Path> restored) {
    return new CheckpointPolicy(null, null, Integer.MAX_VALUE, Optional.empty()) {
      @Override
      public void afterStep(StepMetrics m) {}

      @Override
      public void finished(long step) {}

      @Override
      Optional<Path> last() {
        return restored;
      }
    };
  }

  @Override
  public void afterStep(StepMetrics m) throws IOException {
    if (m.step() % every == 0) {
      save(m.step());
    }
  }

  @Override
  public void finished(long step) throws IOException {
    if (lastSaved.isEmpty() || lastSaved.get() != step) {
      save(step);
    }
  }

  /** The variables prefix of the newest checkpoint of this run known to be good. */
  Optional<Path> last() {
    return lastSaved.map(ckpts::prefix);
  }

  private void save(long step) throws IOException {
    ckpts.save(session, step);
    lastSaved = Optional.of(step);
  }
}
