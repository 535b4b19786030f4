package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Farthest-first selection and uniqueness on planted clusters and a planted outlier. */
class SelectionTest {
  /** 6 tight clusters of 50 points in 16 dimensions, then one outlier (index 300) away from all. */
  private static float[][] plantedClusters(Random r) {
    float[][] x = new float[301][16];
    float[][] centres = new float[6][16];
    for (float[] c : centres) {
      for (int j = 0; j < 16; j++) c[j] = (float) r.nextGaussian();
    }
    for (int i = 0; i < 300; i++) {
      for (int j = 0; j < 16; j++) x[i][j] = centres[i / 50][j] + 0.05f * (float) r.nextGaussian();
    }
    for (int j = 0; j < 16; j++) x[300][j] = (float) r.nextGaussian();
    return Neighbours.normalized(x);
  }

  @Test
  void sevenPicksCoverSixClustersAndTheOutlierWithTheRadiusABruteForceScanFinds() {
    for (long seed = 0; seed < 5; seed++) {
      float[][] x = plantedClusters(new Random(seed + 100));
      List<Selection.Pick> picks = Selection.farthestFirst(x, 7, seed, 0);
      assertEquals(7, picks.size());
      Set<Integer> covered = new HashSet<>();
      picks.forEach(p -> covered.add(Math.min(p.index() / 50, 6)));
      assertEquals(7, covered.size(), "every cluster and the outlier once, seed " + seed + ": " + picks);
      // the coverage radius after each pick, by a double-precision scan over all points
      for (int k = 1; k <= picks.size(); k++) {
        double radius = 0;
        for (float[] p : x) {
          double nearest = Double.POSITIVE_INFINITY;
          for (Selection.Pick c : picks.subList(0, k)) {
            double dot = 0;
            for (int j = 0; j < p.length; j++) dot += (double) p[j] * x[c.index()][j];
            nearest = Math.min(nearest, 1 - dot);
          }
          radius = Math.max(radius, nearest);
        }
        assertEquals(radius, picks.get(k - 1).coverageRadius(), 1e-5, "radius after " + k + " picks");
        if (k > 1) {
          assertEquals(picks.get(k - 2).coverageRadius(), picks.get(k - 1).distance(), 1e-12,
              "each pick is as far as the radius before it");
        }
      }
      // within a cluster, points are closer than any two clusters' centres: the 7th radius is small
      assertTrue(picks.get(6).coverageRadius() < 0.05, "" + picks.get(6));
    }
  }

  @Test
  void thePlantedOutlierIsTheMostUnique() {
    float[][] x = plantedClusters(new Random(7));
    double[] u = Selection.uniqueness(NeighbourSearch.exact(x), 3);
    double[] approx = Selection.uniqueness(NeighbourSearch.approximate(x, VectorIndex.Settings.defaults(), 2), 3);
    org.junit.jupiter.api.Assertions.assertArrayEquals(u, approx, 1e-6, "the index finds the same neighbours here");
    int best = 0;
    for (int i = 1; i < u.length; i++) if (u[i] > u[best]) best = i;
    assertEquals(300, best);
    // its score is the mean distance to its 3 nearest points, by brute force
    double[] d = new double[300];
    for (int i = 0; i < 300; i++) {
      double dot = 0;
      for (int j = 0; j < 16; j++) dot += (double) x[300][j] * x[i][j];
      d[i] = 1 - dot;
    }
    java.util.Arrays.sort(d);
    assertEquals((d[0] + d[1] + d[2]) / 3, u[300], 1e-5);
  }

  @Test
  void selectionEndsEarlyWhenOnlyNearDuplicatesOfPicksAreLeft() {
    // 4 distinct points, each with 5 exact copies
    Random r = new Random(3);
    float[][] x = new float[24][8];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 8; j++) x[i][j] = (float) r.nextGaussian();
    }
    for (int i = 4; i < 24; i++) x[i] = x[i % 4].clone();
    List<Selection.Pick> picks = Selection.farthestFirst(Neighbours.normalized(x), 10, 1, 1e-6);
    assertEquals(4, picks.size(), "" + picks);
    Set<Integer> sources = new HashSet<>();
    picks.forEach(p -> sources.add(p.index() % 4));
    assertEquals(4, sources.size());
    assertEquals(0, picks.get(3).coverageRadius(), 1e-6);
  }
}
