package io.simclr.logging;

import io.simclr.metrics.StepMetrics;
import java.io.IOException;

/** Something the training loop tells about its steps: logs, TensorBoard, progress, checkpoints. */
public interface StepListener extends AutoCloseable {
  /** After every step. */
  default void afterStep(StepMetrics m) throws IOException {}

  /** After the steps that are logged: every {@code --log-every} and the last of an invocation. */
  default void afterLoggedStep(StepMetrics m) throws IOException {}

  /** The loop stopped without failing, at {@code step}: the end, {@code --stop-after} or a signal. */
  default void finished(long step) throws IOException {}

  @Override
  default void close() throws IOException {}
}
