package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.util.InvalidConfigException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {
  /** {@code clusters} tight groups of {@code per} points around random directions of R^dim. */
  private static float[][] groups(int clusters, int per, int dim, double noise, long seed) {
    Random r = new Random(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) for (int j = 0; j < dim; j++) c[j] = (float) r.nextGaussian();
    float[][] x = new float[clusters * per][dim];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < dim; j++) x[i][j] = (float) (centres[i % clusters][j] + noise * r.nextGaussian());
    }
    return x;
  }

  /** The share of points whose nearest other point on the map belongs to their own group. */
  private static double nearestNeighbourAgreement(double[][] p, int clusters) {
    int same = 0;
    for (int i = 0; i < p.length; i++) {
      int best = -1;
      double bestD = Double.MAX_VALUE;
      for (int j = 0; j < p.length; j++) {
        if (j == i) continue;
        double dx = p[i][0] - p[j][0], dy = p[i][1] - p[j][1];
        double d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (best % clusters == i % clusters) same++;
    }
    return same / (double) p.length;
  }

  @Test
  void separatedGroupsStaySeparatedOnTheMap() {
    // 64 points of 64 dimensions: given as rows, Smile would have read this square input as distances
    float[][] x = groups(4, 16, 64, 0.15, 1);
    double[][] p = Tsne.project(x, 5, 7);
    assertEquals(64, p.length);
    assertEquals(2, p[0].length);
    assertEquals(1.0, nearestNeighbourAgreement(p, 4), 1e-12);
    // and each group's map spread is small next to the distances between group centres
    double[][] mean = new double[4][2];
    for (int i = 0; i < p.length; i++) for (int k = 0; k < 2; k++) mean[i % 4][k] += p[i][k] / 16;
    double within = 0;
    for (int i = 0; i < p.length; i++) within = Math.max(within, Math.hypot(p[i][0] - mean[i % 4][0], p[i][1] - mean[i % 4][1]));
    double between = Double.MAX_VALUE;
    for (int a = 0; a < 4; a++) for (int b = 0; b < a; b++) {
      between = Math.min(between, Math.hypot(mean[a][0] - mean[b][0], mean[a][1] - mean[b][1]));
    }
    assertTrue(within < between / 2, "largest radius " + within + " vs closest centres " + between);
  }

  @Test
  void sameSeedSameMapOtherSeedAnother() {
    float[][] x = groups(3, 30, 16, 0.3, 2);
    double[][] a = Tsne.project(x, 10, 11);
    double[][] b = Tsne.project(x, 10, 11);
    double[][] c = Tsne.project(x, 10, 12);
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.deepEquals(a, c));
  }

  @Test
  void distancesAreThoseOfNormalisedRows() {
    float[][] x = {{3, 0}, {0, 5}, {-2, 0}, {0, 0}};
    double[][] d = Tsne.squaredDistancesOfNormalised(x);
    assertEquals(2.0, d[0][1], 1e-12); // orthogonal: 2 - 2 cos 90
    assertEquals(4.0, d[0][2], 1e-12); // opposite
    assertEquals(0.0, d[1][1], 0);
    assertEquals(1.0, d[3][0], 1e-12); // a zero row sits at the origin
    assertEquals(d[2][1], d[1][2], 0);
  }

  @Test
  void refusesPerplexityTooLargeForThePoints() {
    float[][] x = groups(2, 10, 4, 0.1, 3);
    var e = assertThrows(InvalidConfigException.class, () -> Tsne.project(x, 30, 0));
    assertTrue(e.getMessage().contains("perplexity 30.0"), e.getMessage());
  }
}
