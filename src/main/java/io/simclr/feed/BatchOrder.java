package io.simclr.feed;

import io.simclr.data.Permutations;
import io.simclr.run.Seeds;

/**
 * Which images step s trains on: epoch s / stepsPerEpoch in a permutation drawn from (seed,
 * epoch), the last partial batch dropped. It depends only on (seed, step), so a resumed run sees
 * exactly the batches an uninterrupted one would have.
 */
public final class BatchOrder {
  private final int size;
  private final int batchSize;
  private final long seed;
  private int[] order;
  private long orderEpoch = -1;

  public BatchOrder(int size, int batchSize, long seed) {
    this.size = size;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  public int stepsPerEpoch() {
    return Math.max(1, size / batchSize);
  }

  /** The permutation of the epoch that step {@code step} belongs to. */
  public int[] order(long step) {
    long epoch = step / stepsPerEpoch();
    if (epoch != orderEpoch) {
      order = Permutations.shuffled(size, Seeds.epochOrder(seed, epoch));
      orderEpoch = epoch;
    }
    return order;
  }

  /** Where step {@code step}'s batch starts in {@link #order}. */
  public int offset(long step) {
    return (int) (step % stepsPerEpoch()) * batchSize;
  }

  /** Images [from, from + count) of step {@code step}'s batch (a process's share), as indices. */
  public synchronized int[] images(long step, int from, int count) {
    int[] o = order(step);
    int at = offset(step) + from;
    return java.util.Arrays.copyOfRange(o, at, at + count);
  }

  /** A fresh instance drawing the same batches (for another thread: this one caches an epoch's order). */
  public BatchOrder copy() {
    return new BatchOrder(size, batchSize, seed);
  }
}
