package io.simclr.input;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongFunction;

/**
 * Makes each step's batch ahead of the training step, on a background thread, in step order: up
 * to {@code depth} batches wait ready while the step runs. A batch depends only on its step, so
 * a resumed run (or a restart at another step) gets exactly the batches an uninterrupted one
 * would. A failure while making a batch is raised by the {@link #take} of that step. Records how
 * long the training loop waited for its input.
 */
public final class Prefetcher implements AutoCloseable {
  private final LongFunction<int[]> recordsOfStep;
  private final BatchMaker maker;
  private final int depth;
  private BlockingQueue<Object> ready;
  private Thread producer;
  private long expected = -1;
  private long waitNanos;

  /** A failure while making a batch, handed to the consumer in the batch's place. */
  private record Failure(Exception error) {}

  public Prefetcher(LongFunction<int[]> recordsOfStep, BatchMaker maker, int depth) {
    this.recordsOfStep = recordsOfStep;
    this.maker = maker;
    this.depth = depth;
  }

  /** Step {@code step}'s batch (waiting for it if it is not ready yet). */
  public HostBatch take(long step) throws IOException {
    if (producer == null || step != expected) {
      restart(step);
    }
    long t0 = System.nanoTime();
    Object o;
    try {
      o = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the input pipeline");
    } finally {
      waitNanos += System.nanoTime() - t0;
    }
    if (o instanceof Failure f) {
      producer = null;
      if (f.error() instanceof IOException io) {
        throw io;
      }
      if (f.error() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(f.error());
    }
    HostBatch b = (HostBatch) o;
    if (b.step() != step) {
      throw new IllegalStateException("input pipeline out of step: made " + b.step() + ", wanted " + step);
    }
    expected = step + 1;
    return b;
  }

  /** Seconds the consumer has spent waiting in {@link #take}. */
  public double waitSeconds() {
    return waitNanos / 1e9;
  }

  private void restart(long from) {
    stop();
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(depth);
    ready = queue;
    expected = from;
    producer = new Thread(() -> produce(from, queue), "input-prefetch");
    producer.setDaemon(true);
    producer.start();
  }

  private void produce(long from, BlockingQueue<Object> queue) {
    try {
      for (long s = from; !Thread.currentThread().isInterrupted(); s++) {
        HostBatch b;
        try {
          b = maker.make(s, recordsOfStep.apply(s));
        } catch (InterruptedException | InterruptedIOException e) {
          return;
        } catch (IOException | RuntimeException e) {
          queue.put(new Failure(e));
          return;
        }
        queue.put(b);
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (Error e) {
      queue.offer(new Failure(new UncheckedIOException(new IOException("input pipeline failed: " + e, e))));
      throw e;
    }
  }

  private void stop() {
    if (producer != null) {
      producer.interrupt();
      try {
        producer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer = null;
    }
  }

  @Override
  public void close() {
    stop();
    maker.close();
  }
}
