package io.simclr.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Thread pools of daemon threads: a process that is done may exit while one still reads ahead. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
