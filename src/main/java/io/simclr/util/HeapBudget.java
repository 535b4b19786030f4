package io.simclr.util;

/**
 * Checks a large allocation against the heap before making it, so that a dataset too large for
 * this JVM ends in one line naming what to change instead of an OutOfMemoryError midway.
 */
public final class HeapBudget {
  private HeapBudget() {}

  /** @throws IllegalStateException when {@code bytes} more would not fit in the heap */
  public static void require(long bytes, String what) {
    Runtime rt = Runtime.getRuntime();
    if (bytes <= free(rt)) {
      return;
    }
    System.gc(); // the estimate counts garbage as used; only on this rare path
    if (bytes > free(rt)) {
      throw new IllegalStateException(String.format("%s need %d MiB, more than the %d MiB free in this JVM's heap"
          + " (-Xmx%dm): raise -Xmx (java -Xmx8g -jar ...) or use a smaller split", what, mib(bytes), mib(free(rt)),
          mib(rt.maxMemory())));
    }
  }

  private static long free(Runtime rt) {
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  private static long mib(long bytes) {
    return bytes >> 20;
  }
}
