package io.simclr.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs tasks on a pool and waits for all; the first failure is rethrown as it was, the rest cancelled. */
final class Parallel {
  private Parallel() {}

  static void run(ExecutorService pool, List<? extends Callable<Void>> tasks) throws IOException, InterruptedException {
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> t : tasks) {
      futures.add(pool.submit(t));
    }
    try {
      for (Future<Void> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    } finally {
      for (Future<Void> f : futures) {
        f.cancel(true);
      }
    }
  }
}
