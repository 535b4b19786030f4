package io.simclr.train;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM during training. The JVM runs shutdown hooks while the training thread is
 * still inside TensorFlow; exiting then crashed the native library (SIGILL in oneDNN) and threw
 * away the steps since the last checkpoint. The hook instead asks the loop to stop after the
 * current step and waits until it has written a checkpoint and closed its session.
 */
final class StopSignal implements AutoCloseable {
  /** How long the hook holds the JVM open for the loop (one step plus a checkpoint). */
  static final long WAIT_SECONDS = 300;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean requested;

  private StopSignal(PrintStream progress) {
    hook = new Thread(() -> {
      requested = true;
      progress.println();
      progress.println("stop requested: finishing the current step and writing a checkpoint "
          + "(kill -9 is safe too: --resume continues from the last checkpoint)");
      try {
        finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "simclr-stop");
  }

  static StopSignal install(PrintStream progress) {
    StopSignal s = new StopSignal(progress);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  boolean requested() {
    return requested;
  }

  /** The loop is done and TensorFlow closed: a pending shutdown may go on; otherwise unhook. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns now that the latch is open
    }
  }
}
