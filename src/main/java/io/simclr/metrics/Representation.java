package io.simclr.metrics;

/**
 * Label-free measures of a set of embeddings, in double precision: the effective rank (RankMe,
 * Garrido et al. 2023), alignment and uniformity (Wang and Isola 2020) of L2-normalised
 * projections, and the per-dimension spread that falls to zero when they collapse to a point.
 */
public final class Representation {
  /** RankMe's epsilon, added to each normalised singular value before the entropy. */
  static final double EPSILON = 1e-7;

  private Representation() {}

  /**
   * exp of the entropy of the singular values normalised to sum 1: d for d equal singular values,
   * k for a rank-k matrix with equal ones, 1 when one direction holds everything.
   */
  public static double effectiveRank(double[] singularValues) {
    double sum = 0;
    for (double s : singularValues) {
      sum += Math.abs(s);
    }
    if (sum == 0) {
      return 0;
    }
    double entropy = 0;
    for (double s : singularValues) {
      double p = Math.abs(s) / sum + EPSILON;
      entropy -= p * Math.log(p);
    }
    return Math.exp(entropy);
  }

  /** Rows scaled to unit length (a zero row stays zero). */
  public static double[][] normalized(float[][] z) {
    double[][] out = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      double n = 0;
      for (float v : z[i]) {
        n += (double) v * v;
      }
      double inv = n > 0 ? 1 / Math.sqrt(n) : 0;
      out[i] = new double[z[i].length];
      for (int j = 0; j < z[i].length; j++) {
        out[i][j] = z[i][j] * inv;
      }
    }
    return out;
  }

  /** Mean squared distance between the two views of each image (alpha = 2): 0 = views agree. */
  public static double alignment(double[][] z1, double[][] z2) {
    double sum = 0;
    for (int i = 0; i < z1.length; i++) {
      sum += squaredDistance(z1[i], z2[i]);
    }
    return sum / z1.length;
  }

  /**
   * log of the mean of exp(-2 |zi - zj|^2) over pairs i < j: 0 when every point is the same,
   * more negative the more evenly the points cover the sphere.
   */
  public static double uniformity(double[][] z) {
    // log-sum-exp over pairs, for the tiny values of a well-spread set
    int n = z.length;
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        terms[k] = -2 * squaredDistance(z[i], z[j]);
        max = Math.max(max, terms[k++]);
      }
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum / terms.length);
  }

  /** The standard deviation over the set of each coordinate, averaged over coordinates. */
  public static double meanDimensionStd(double[][] z) {
    int d = z[0].length;
    double total = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (double[] row : z) {
        mean += row[j];
      }
      mean /= z.length;
      double var = 0;
      for (double[] row : z) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      total += Math.sqrt(var / z.length);
    }
    return total / d;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
