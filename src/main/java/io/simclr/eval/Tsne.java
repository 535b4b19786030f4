package io.simclr.eval;

import io.simclr.util.HeapBudget;
import io.simclr.util.InvalidConfigException;

/**
 * Exact t-SNE (van der Maaten and Hinton 2008) of embeddings into two dimensions, by Smile 1.5.3's
 * implementation: 1,000 iterations, learning rate 200, early exaggeration and momentum as there.
 *
 * <p>Distances are squared Euclidean distances of the L2-normalised rows (2 - 2 cos), the geometry
 * the contrastive loss trains and the neighbours and clusters commands search. Smile is handed the
 * distance matrix itself: given raw rows it would read an n x n input (n images of n dimensions) as
 * a distance matrix. It runs on one thread: its parallel update lets rows move while others read
 * them, so with several threads the same seed would not give the same picture.
 */
public final class Tsne {
  /** Points above this would need three n x n double matrices of over 2.4 GB. */
  public static final int MAX_POINTS = 10_000;

  private static final int ITERATIONS = 1000;
  private static final double LEARNING_RATE = 200;

  static {
    // read once, when Smile first runs a parallel task; 1 = every task on the calling thread
    System.setProperty("smile.threads", "1");
  }

  private Tsne() {}

  /** Two-dimensional coordinates [n][2] of the rows of {@code x}, a pure function of x, perplexity and seed. */
  public static double[][] project(float[][] x, double perplexity, long seed) {
    check(x.length, perplexity);
    long n = x.length;
    HeapBudget.require(4 * n * n * 8, String.format("t-SNE of %d points (four %d x %d double matrices)", n, n, n));
    double[][] d = squaredDistancesOfNormalised(x);
    smile.math.Math.setSeed(seed); // the thread's generator, which draws the initial coordinates
    return new smile.manifold.TSNE(d, 2, perplexity, LEARNING_RATE, ITERATIONS).getCoordinates();
  }

  /** Refuses what {@link #project} cannot do for {@code n} points, before any work is done. */
  public static void check(int n, double perplexity) {
    if (n > MAX_POINTS) {
      throw new InvalidConfigException("t-SNE of " + n + " points: at most " + MAX_POINTS
          + " (it keeps three n x n matrices); lower --tsne-points");
    }
    if (!(perplexity > 0) || 3 * perplexity >= n - 1) {
      throw new InvalidConfigException("t-SNE perplexity " + perplexity + " needs 0 < perplexity < (points - 1) / 3 = "
          + (n - 1) / 3.0 + " for " + n + " points");
    }
  }

  static double[][] squaredDistancesOfNormalised(float[][] x) {
    int n = x.length;
    double[][] u = new double[n][];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (float v : x[i]) s += (double) v * v;
      double inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      u[i] = new double[x[i].length];
      for (int j = 0; j < u[i].length; j++) u[i][j] = x[i][j] * inv;
    }
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double s = 0;
        for (int k = 0; k < u[i].length; k++) {
          double e = u[i][k] - u[j][k];
          s += e * e;
        }
        d[i][j] = s;
        d[j][i] = s;
      }
    }
    return d;
  }
}
