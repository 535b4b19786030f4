package io.simclr.util;

/** A line on stderr every few seconds of long work ("embedding: 20000/60000 images, 610/s"), silent on short work. */
public final class Progress {
  private static final long EVERY_NANOS = 5_000_000_000L;
  private final String what;
  private final String unit;
  private final long total;
  private final long start = System.nanoTime();
  private long last = start;
  private long done;

  public Progress(String what, long total, String unit) {
    this.what = what;
    this.total = total;
    this.unit = unit;
  }

  public synchronized void advance(long n) {
    done += n;
    long now = System.nanoTime();
    if (now - last >= EVERY_NANOS && done < total) {
      last = now;
      double rate = done / ((now - start) / 1e9);
      System.err.printf("%s: %d/%d %s, %.0f/s, about %.0f s left%n", what, done, total, unit, rate, (total - done) / rate);
    }
  }

  /** Seconds since the start. */
  public double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
