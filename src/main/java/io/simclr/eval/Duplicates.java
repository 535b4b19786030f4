package io.simclr.eval;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Near-duplicates: every pair of L2-normalised embeddings whose cosine similarity reaches a
 * threshold, found exactly (all pairs, in row blocks on all cores). Memory does not grow with the
 * number of pairs: each block spills its pairs to a file of its own, a wave of blocks at a time, and
 * the pairs reach the sink in (a, b) order; more than {@code maxPairs} stops the scan.
 */
public final class Duplicates {
  /** Two images and their similarity, {@code a < b}. */
  public record Pair(int a, int b, float similarity) {}

  /** Where found pairs go, in (a, b) order. */
  @FunctionalInterface
  public interface PairSink {
    void accept(int a, int b, float similarity) throws IOException;
  }

  /** The search found more pairs than it may keep, or most images paired with all their candidates. */
  public static final class TooManyPairsException extends RuntimeException {
    private final long maxPairs;
    private final int rowsReached;

    TooManyPairsException(long maxPairs, int rowsReached, String what) {
      super(what);
      this.maxPairs = maxPairs;
      this.rowsReached = rowsReached;
    }

    public long maxPairs() {
      return maxPairs;
    }

    /** The limit was passed by the pairs of the first this many rows (with any later row). */
    public int rowsReached() {
      return rowsReached;
    }
  }

  private static final int BLOCK = 64;

  private Duplicates() {}

  /**
   * Streams every pair i < j of normalised rows with cosine similarity >= threshold to {@code sink},
   * ordered by (i, j), and returns how many there were. Spill files live in {@code spillDir} only
   * while their wave is handed on.
   *
   * @throws TooManyPairsException when more than {@code maxPairs} pairs reach the threshold (the sink
   *     has then seen at most {@code maxPairs} of them)
   */
  public static long scan(float[][] x, double threshold, long maxPairs, Path spillDir, PairSink sink)
      throws IOException {
    int n = x.length;
    int blocks = (n + BLOCK - 1) / BLOCK;
    int wave = 4 * ForkJoinPool.commonPool().getParallelism();
    AtomicLong found = new AtomicLong();
    for (int first = 0; first < blocks; first += wave) {
      int last = Math.min(blocks, first + wave);
      List<Path> spills = IntStream.range(first, last).parallel()
          .mapToObj(b -> spillBlock(x, b, threshold, maxPairs, found, spillDir)).toList();
      try {
        for (Path spill : spills) {
          replay(spill, sink);
        }
      } finally {
        for (Path spill : spills) {
          Files.deleteIfExists(spill);
        }
      }
      if (found.get() > maxPairs) {
        int rows = Math.min(n, last * BLOCK);
        throw new TooManyPairsException(maxPairs, rows, String.format("more than %d pairs at cosine >= %s within the"
            + " pairs of the first %d of %d images", maxPairs, threshold, rows, n));
      }
    }
    return found.get();
  }

  /** What {@link #fromNeighbours} found. */
  public record Candidates(long pairs, int saturatedRows) {}

  /**
   * The pairs at or above {@code threshold} among each row's nearest neighbours {@code nn[i]} (from
   * an index: a pair counts when either image is among the other's neighbours), to {@code sink} in
   * (a, b) order with their exact similarity. Memory: one long per candidate pair, at most N k.
   * {@code saturatedRows} counts the rows whose every neighbour reached the threshold: they may
   * have more duplicates than the k searched.
   *
   * @throws TooManyPairsException past {@code maxPairs} pairs, or when more than half of a sample of
   *     random pairs reach the threshold (a collapsed encoder or a threshold far too low: the index
   *     would show only each image's k of them); nothing reaches the sink then
   */
  public static Candidates fromNeighbours(float[][] x, Neighbours.Result[] nn, double threshold, long maxPairs,
      PairSink sink) throws IOException {
    long[] keys = new long[16];
    int count = 0;
    int saturated = 0;
    for (int i = 0; i < nn.length; i++) {
      int[] idx = nn[i].indices();
      float[] sim = nn[i].similarities();
      int above = 0;
      for (int r = 0; r < idx.length; r++) {
        if (sim[r] >= threshold) {
          above++;
          if (count == keys.length) {
            keys = java.util.Arrays.copyOf(keys, 2 * count);
          }
          int a = Math.min(i, idx[r]);
          int b = Math.max(i, idx[r]);
          keys[count++] = (long) a << 32 | b;
        }
      }
      saturated += idx.length > 0 && above == idx.length ? 1 : 0;
    }
    double share = shareAbove(x, threshold, 20_000, 0);
    if (share > 0.5) {
      throw new TooManyPairsException(maxPairs, nn.length, String.format("%.0f%% of 20,000 random pairs are at cosine"
          + " >= %s (of %d images, about %.2g pairs)", 100 * share, threshold, x.length,
          share * x.length * (x.length - 1.0) / 2));
    }
    java.util.Arrays.sort(keys, 0, count);
    long unique = 0;
    for (int c = 0; c < count; c++) {
      unique += c == 0 || keys[c] != keys[c - 1] ? 1 : 0;
    }
    if (unique > maxPairs) {
      throw new TooManyPairsException(maxPairs, x.length, String.format("more than %d pairs at cosine >= %s among"
          + " %d images", maxPairs, threshold, x.length));
    }
    for (int c = 0; c < count; c++) {
      if (c == 0 || keys[c] != keys[c - 1]) {
        int a = (int) (keys[c] >>> 32);
        int b = (int) keys[c];
        sink.accept(a, b, Neighbours.dot(x[a], x[b]));
      }
    }
    return new Candidates(unique, saturated);
  }

  /** The share of {@code samples} seeded random pairs of distinct rows at cosine >= threshold. */
  public static double shareAbove(float[][] x, double threshold, int samples, long seed) {
    if (x.length < 2) {
      return 0;
    }
    java.util.Random r = new java.util.Random(seed);
    int above = 0;
    for (int s = 0; s < samples; s++) {
      int a = r.nextInt(x.length);
      int b = r.nextInt(x.length - 1);
      b += b >= a ? 1 : 0;
      above += Neighbours.dot(x[a], x[b]) >= threshold ? 1 : 0;
    }
    return above / (double) samples;
  }

  /** {@link #scan} into a list, for small inputs and tests. */
  public static List<Pair> pairs(float[][] x, double threshold, Path spillDir) throws IOException {
    List<Pair> out = new ArrayList<>();
    scan(x, threshold, Long.MAX_VALUE, spillDir, (a, b, s) -> out.add(new Pair(a, b, s)));
    return out;
  }

  private static Path spillBlock(float[][] x, int block, double threshold, long maxPairs, AtomicLong found,
      Path spillDir) {
    int n = x.length;
    try {
      Path spill = Files.createTempFile(spillDir, "pairs-" + block + "-", ".bin");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16))) {
        float[] s = new float[4];
        for (int i = block * BLOCK; i < Math.min(n, (block + 1) * BLOCK) && found.get() <= maxPairs; i++) {
          int j = i + 1;
          for (; j + 3 < n; j += 4) {
            dot4(x[i], x[j], x[j + 1], x[j + 2], x[j + 3], s);
            for (int k = 0; k < 4; k++) {
              if (s[k] >= threshold && keep(out, i, j + k, s[k], maxPairs, found)) {
                return spill;
              }
            }
          }
          for (; j < n; j++) {
            float sim = Neighbours.dot(x[i], x[j]);
            if (sim >= threshold && keep(out, i, j, sim, maxPairs, found)) {
              return spill;
            }
          }
        }
      }
      return spill;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a pair unless the limit is passed; true when the block should stop. */
  private static boolean keep(DataOutputStream out, int a, int b, float s, long maxPairs, AtomicLong found)
      throws IOException {
    if (found.incrementAndGet() > maxPairs) {
      return true;
    }
    out.writeInt(a);
    out.writeInt(b);
    out.writeFloat(s);
    return false;
  }

  private static void replay(Path spill, PairSink sink) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
      while (true) {
        int a;
        try {
          a = in.readInt();
        } catch (EOFException end) {
          return;
        }
        sink.accept(a, in.readInt(), in.readFloat());
      }
    }
  }

  /**
   * Four dot products of {@code a} at once: four independent sums, each in the order of
   * {@link Neighbours#dot}, so the results are the same floats and the loop is not bound by the
   * latency of one chain of additions.
   */
  private static void dot4(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, float[] out) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    for (int k = 0; k < a.length; k++) {
      float v = a[k];
      s0 += v * b0[k];
      s1 += v * b1[k];
      s2 += v * b2[k];
      s3 += v * b3[k];
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
  }

  /** Recall and precision of found pairs against known ones (each pair as {@code a < b}). */
  public record Score(double recall, double precision, int found, int planted, int correct) {}

  public static Score score(List<Pair> found, List<int[]> planted) {
    java.util.Set<Long> truth = new java.util.HashSet<>();
    for (int[] p : planted) {
      truth.add(key(Math.min(p[0], p[1]), Math.max(p[0], p[1])));
    }
    int correct = 0;
    for (Pair p : found) {
      correct += truth.contains(key(p.a(), p.b())) ? 1 : 0;
    }
    return new Score(truth.isEmpty() ? 1 : (double) correct / truth.size(),
        found.isEmpty() ? 1 : (double) correct / found.size(), found.size(), truth.size(), correct);
  }

  private static long key(int a, int b) {
    return (long) a << 32 | b;
  }
}
