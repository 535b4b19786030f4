package io.simclr.workers;

import io.simclr.config.Workers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for a TensorFlow call that TensorFlow itself does not bound: the first run that
 * meets the other workers (the start-up agreement), where the master asks the group leader
 * (task 0) for a step-id sequence and retries forever if it is gone. A native call cannot be
 * cancelled, and TensorFlow's server cannot be stopped, so when the deadline passes the watchdog
 * says which peers are gone and why (connection refused, or no answer) in one line and ends the
 * process, as any lost worker ends it.
 */
public final class Watchdog {
  /** Exit status of a worker that stopped because another was lost. */
  public static final int EXIT_LOST_PEER = 1;

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "worker-watchdog");
    t.setDaemon(true);
    return t;
  });

  private Watchdog() {}

  /**
   * Runs {@code call}; if it has not returned within the cluster's timeout, prints "task t: lost
   * ... during {@code phase} (...)" and halts the JVM.
   */
  public static <T> T within(Workers c, String phase, Callable<T> call) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(c.timeoutSeconds());
    int[] refusedPolls = {0};
    // every second: a peer whose server refuses connections twice in a row is gone (it was up at the start)
    ScheduledFuture<?> alarm = TIMER.scheduleWithFixedDelay(() -> {
      List<Integer> refused = unreachable(c);
      refusedPolls[0] = refused.isEmpty() ? 0 : refusedPolls[0] + 1;
      if (refusedPolls[0] >= 2 || System.nanoTime() > deadline) {
        System.err.println("error: " + lostLine(c, phase, refused));
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_LOST_PEER);
      }
    }, 1, 1, TimeUnit.SECONDS);
    try {
      return call.call();
    } finally {
      alarm.cancel(false);
    }
  }

  /** The one line a worker prints when the others did not answer in {@code phase}. */
  static String lostLine(Workers c, String phase, List<Integer> refused) {
    String who;
    String why;
    if (refused.isEmpty()) {
      who = c.size() == 2 ? describe(c, 1 - c.task()) : "another worker";
      why = "no answer within --worker-timeout " + c.timeoutSeconds() + " s";
    } else {
      who = String.join(", ", refused.stream().map(t -> describe(c, t)).toList());
      why = "connection refused: its process is gone";
    }
    return "task " + c.task() + ": lost " + who + " during " + phase + " (" + why + "); "
        + "the last checkpoint is kept: restart every worker with --resume";
  }

  static String describe(Workers c, int task) {
    return "task " + task + " (" + c.workers().get(task) + ")";
  }

  /** The other tasks whose servers refuse connections now. */
  static List<Integer> unreachable(Workers c) {
    List<Integer> out = new java.util.ArrayList<>();
    for (int t = 0; t < c.size(); t++) {
      if (t != c.task() && !reachable(c, t)) {
        out.add(t);
      }
    }
    return out;
  }

  static boolean reachable(Workers c, int t) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(c.host(t), c.port(t)), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
