package io.simclr.augment;

import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Stateless randomness keyed by (run seed, step): the same step always draws the same numbers,
 * so a resumed run repeats exactly the augmentations an uninterrupted one would have drawn.
 * Each call takes its own stream so no two draws share a seed.
 */
public final class StepRandom {
  private final Ops tf;
  private final Operand<TInt64> key;
  private long stream;
  /** With rows: the draws' full first dimension, and the rows kept; else 0 and null. */
  private final long fullRows;
  private final long rowCount;
  private final Function<Ops, Operand<TInt32>> rows;

  /** @param step int64 scalar, usually the global step variable */
  public StepRandom(Ops tf, long runSeed, Operand<TInt64> step) {
    this(tf, runSeed, step, 0, 0, null);
  }

  private StepRandom(Ops tf, long runSeed, Operand<TInt64> step, long fullRows, long rowCount,
      Function<Ops, Operand<TInt32>> rows) {
    this.tf = tf;
    this.key = tf.stack(List.of(tf.constant(runSeed), step));
    this.fullRows = fullRows;
    this.rowCount = rowCount;
    this.rows = rows;
  }

  /**
   * Draws for some rows of a batch: every call draws as for {@code fullRows} rows and keeps
   * {@code rows} (the call's first dimension is their count), so a worker that augments only its
   * share of the batch gets exactly the numbers the whole batch's augmentation gives those rows.
   */
  public static StepRandom rows(Ops tf, long runSeed, Operand<TInt64> step, long fullRows, int[] rows) {
    int[] kept = rows.clone();
    return new StepRandom(tf, runSeed, step, fullRows, kept.length, t -> t.constant(kept));
  }

  /** The same with the rows given at run time ({@code count} of them): an input pipeline's chunk of a batch. */
  public static StepRandom rows(Ops tf, long runSeed, Operand<TInt64> step, long fullRows, Operand<TInt32> rows,
      long count) {
    return new StepRandom(tf, runSeed, step, fullRows, count, t -> rows);
  }

  /**
   * Moves past {@code streams} draws without making them: for a graph whose input pipeline has
   * already made those draws (the crops), so the later draws keep their streams.
   */
  public void skip(int streams) {
    stream += streams;
  }

  /** Uniform [lo, hi) of the given shape. */
  public Operand<TFloat32> uniform(long[] shape, double lo, double hi) {
    stream++;
    // Golden-ratio multiples keep stream seeds far apart.
    Operand<TInt64> seed = tf.math.add(key, tf.constant(new long[] {stream * 0x9E3779B97F4A7C15L, 0}));
    Operand<TFloat32> u;
    if (rows == null) {
      u = tf.random.statelessRandomUniform(tf.constant(shape), seed);
    } else {
      if (shape[0] != rowCount) {
        throw new IllegalArgumentException("a draw for " + shape[0] + " rows from a StepRandom of " + rowCount);
      }
      long[] full = shape.clone();
      full[0] = fullRows;
      u = tf.gather(tf.random.statelessRandomUniform(tf.constant(full), seed), rows.apply(tf), tf.constant(0));
    }
    return tf.math.add(tf.math.mul(u, tf.constant((float) (hi - lo))), tf.constant((float) lo));
  }

  /** Per-image coin flips with probability {@code p}, one per row: [m]. */
  public Operand<TBool> rowCoin(int m, double p) {
    return tf.math.less(uniform(new long[] {m}, 0, 1), tf.constant((float) p));
  }
}
