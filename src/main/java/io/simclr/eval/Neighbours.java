package io.simclr.eval;

import java.util.Arrays;

/**
 * Exact nearest neighbours by cosine similarity: every query against every embedding of the set,
 * rows L2-normalised once, the best k kept per query with a bounded selection (memory k per query).
 * Time grows as queries x set x dimension: 10 queries against 100,000 512-d embeddings is half a
 * billion multiply-adds (well under a second on one core); for all pairs of a large set (or
 * thousands of queries) an approximate index would be the next step.
 */
public final class Neighbours {
  /** The k nearest of one query: set indices, most similar first, and their cosine similarities. */
  public record Result(int[] indices, float[] similarities) {}

  private Neighbours() {}

  /** Scales the rows of {@code x} to unit length in place (no second copy of a large set) and returns it. */
  public static float[][] normalizeRows(float[][] x) {
    for (float[] row : x) {
      double n = 0;
      for (float v : row) {
        n += (double) v * v;
      }
      float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
      for (int j = 0; j < row.length; j++) {
        row[j] *= inv;
      }
    }
    return x;
  }

  /** Rows scaled to unit length (a zero row stays zero). */
  public static float[][] normalized(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      double n = 0;
      for (float v : x[i]) {
        n += (double) v * v;
      }
      float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
      out[i] = new float[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = x[i][j] * inv;
      }
    }
    return out;
  }

  /**
   * The {@code k} most similar rows of {@code set} to each query (both normalised), ties to the
   * lower index; {@code exclude[q]} (a set index, or -1) is skipped, e.g. the query itself.
   */
  public static Result[] search(float[][] queries, float[][] set, int k, int[] exclude) {
    Result[] out = new Result[queries.length];
    for (int q = 0; q < queries.length; q++) {
      int[] best = new int[k];
      float[] sim = new float[k];
      Arrays.fill(best, -1);
      Arrays.fill(sim, Float.NEGATIVE_INFINITY);
      int filled = 0;
      for (int i = 0; i < set.length; i++) {
        if (i == exclude[q]) {
          continue;
        }
        float s = dot(queries[q], set[i]);
        if (filled == k && s <= sim[k - 1]) {
          continue;
        }
        // insert in order (a strictly larger similarity moves ahead; equal ones stay behind)
        int at = Math.min(filled, k - 1);
        while (at > 0 && s > sim[at - 1]) {
          if (at < k) {
            sim[at] = sim[at - 1];
            best[at] = best[at - 1];
          }
          at--;
        }
        sim[at] = s;
        best[at] = i;
        filled = Math.min(k, filled + 1);
      }
      out[q] = new Result(Arrays.copyOf(best, filled), Arrays.copyOf(sim, filled));
    }
    return out;
  }

  /** The dot product of two rows: their cosine similarity when both are normalised. */
  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
