package io.simclr.eval;

/** The top principal components of a set of rows, by power iteration on the covariance. */
public final class Pca {
  private Pca() {}

  /** Rows projected onto the top {@code k} components (centred), [n][k]. */
  public static double[][] project(float[][] x, int k) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (float[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j] / (double) n;
    double[][] cov = new double[d][d];
    for (float[] row : x) {
      for (int i = 0; i < d; i++) {
        double a = row[i] - mean[i];
        for (int j = i; j < d; j++) cov[i][j] += a * (row[j] - mean[j]);
      }
    }
    for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) cov[i][j] = cov[j][i];
    double[][] comps = new double[k][];
    for (int c = 0; c < k; c++) {
      double[] v = new double[d];
      for (int j = 0; j < d; j++) v[j] = 1.0 / Math.sqrt(d) + 1e-3 * j;
      for (int it = 0; it < 300; it++) {
        double[] w = new double[d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) w[i] += cov[i][j] * v[j];
        for (int p = 0; p < c; p++) {
          double dot = 0;
          for (int j = 0; j < d; j++) dot += w[j] * comps[p][j];
          for (int j = 0; j < d; j++) w[j] -= dot * comps[p][j];
        }
        double norm = 0;
        for (double e : w) norm += e * e;
        norm = Math.sqrt(norm);
        if (norm == 0) break;
        for (int j = 0; j < d; j++) v[j] = w[j] / norm;
      }
      comps[c] = v;
    }
    double[][] out = new double[n][k];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) s += (x[r][j] - mean[j]) * comps[c][j];
        out[r][c] = s;
      }
    }
    return out;
  }
}
