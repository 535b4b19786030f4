package io.simclr.input;

import io.simclr.data.DataFormatException;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the input pipeline does with a corrupt record or an undecodable image met while training:
 * stop (the error names the shard and record; the last checkpoint stays), or skip it, training on
 * the next good record of the split in its place (so the batch keeps its size and a resumed run
 * makes the same choice), warning once per record and counting each use.
 */
public final class CorruptRecords {
  /** How many records after a bad one are tried before giving up. */
  static final int MAX_TRIES = 1000;

  private final boolean skip;
  private final int size;
  private final PrintStream log;
  private final Set<Integer> reported = ConcurrentHashMap.newKeySet();
  private final AtomicLong substituted = new AtomicLong();

  private CorruptRecords(boolean skip, int size, PrintStream log) {
    this.skip = skip;
    this.size = size;
    this.log = log;
  }

  public static CorruptRecords stop() {
    return new CorruptRecords(false, 0, null);
  }

  /** Skips bad records of a split of {@code size} records, warning on {@code log}. */
  public static CorruptRecords skip(int size, PrintStream log) {
    return new CorruptRecords(true, size, log);
  }

  /**
   * The record to read instead of {@code bad}, which failed with {@code problem} on its
   * {@code tries}-th substitute; throws the problem when stopping.
   */
  int replace(int bad, int tries, DataFormatException problem) {
    if (!skip) {
      throw problem.withAdvice("the last checkpoint is kept (--skip-corrupt trains on the next good record instead)");
    }
    if (tries >= Math.min(MAX_TRIES, size - 1)) {
      throw problem.withAdvice("and the " + tries + " records after it are bad too");
    }
    if (reported.add(bad)) {
      log.println("warning: skipping " + problem.getMessage());
    }
    substituted.incrementAndGet();
    return (bad + 1) % size;
  }

  /** How many times a bad record was replaced so far. */
  public long substituted() {
    return substituted.get();
  }
}
