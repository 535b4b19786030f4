package io.simclr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Health measures on constructed embeddings with known answers. */
class RepresentationTest {
  @Test
  void effectiveRankCountsEqualDirections() {
    // k equal singular values and d - k zeros: k (up to RankMe's epsilon)
    for (int k : new int[] {1, 3, 16}) {
      double[] s = new double[32];
      for (int i = 0; i < k; i++) {
        s[i] = 2.5;
      }
      assertEquals(k, Representation.effectiveRank(s), 1e-3 * k, "rank " + k);
    }
    // two directions, one holding 3/4 of the mass: exp(H(3/4, 1/4))
    double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    assertEquals(Math.exp(h), Representation.effectiveRank(new double[] {3, 1, 0, 0}), 1e-5);
    assertEquals(0, Representation.effectiveRank(new double[] {0, 0}));
  }

  @Test
  void alignmentUniformityAndSpreadOfKnownSets() {
    // identical views align perfectly; opposite ones are 2 apart (squared distance 4)
    double[][] a = Representation.normalized(new float[][] {{3, 4}, {0, 2}});
    double[][] b = Representation.normalized(new float[][] {{-3, -4}, {0, -5}});
    assertEquals(0, Representation.alignment(a, a), 1e-12);
    assertEquals(4, Representation.alignment(a, b), 1e-12);
    // every point the same: uniformity 0, spread 0 (a collapse)
    double[][] same = Representation.normalized(new float[][] {{1, 1}, {2, 2}, {5, 5}});
    assertEquals(0, Representation.uniformity(same), 1e-12);
    assertEquals(0, Representation.meanDimensionStd(same), 1e-12);
    // two antipodal points: log exp(-2 * 4) = -8
    assertEquals(-8, Representation.uniformity(new double[][] {{1, 0}, {-1, 0}}), 1e-12);
    // the 2d standard basis and its negatives (4 points on the circle): pairs at squared distance
    // 2 (four of them) and 4 (two): log((4 e^-4 + 2 e^-8) / 6)
    double[][] cross = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    assertEquals(Math.log((4 * Math.exp(-4) + 2 * Math.exp(-8)) / 6), Representation.uniformity(cross), 1e-12);
    // coordinates +-1/sqrt(2) in each dimension, evenly: std 1/sqrt(2) per dimension
    double r = 1 / Math.sqrt(2);
    assertEquals(r, Representation.meanDimensionStd(new double[][] {{r, r}, {-r, -r}, {r, -r}, {-r, r}}), 1e-12);
  }

  @Test
  void uniformityOfManyRandomPointsOnTheSphereApproachesTheTheory() {
    // on S^{d-1} with d large, |x - y|^2 concentrates at 2: uniformity -> -4
    Random rnd = new Random(1);
    float[][] z = new float[400][256];
    for (float[] row : z) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) rnd.nextGaussian();
      }
    }
    double[][] n = Representation.normalized(z);
    assertEquals(-4, Representation.uniformity(n), 0.05);
    assertEquals(1 / Math.sqrt(256), Representation.meanDimensionStd(n), 0.005);
  }

  @Test
  void collapseIsARankASpreadOrALossThatStaysBadForThreeMeasurements() {
    int d = 128;
    double uniform = 1 / Math.sqrt(d);
    double chance = Math.log(2 * 256 - 1);
    CollapseCheck healthy = new CollapseCheck(256);
    // a fresh network: nearly parallel projections at first, spreading as it learns
    assertNull(healthy.check(3, d, 0.05 * uniform, chance));
    assertNull(healthy.check(5, d, 0.1 * uniform, chance * 0.995));
    for (int i = 0; i < 5; i++) {
      assertNull(healthy.check(40, d, 0.8 * uniform, chance * (0.9 - 0.05 * i)));
    }
    CollapseCheck rank = new CollapseCheck(256);
    assertNull(rank.check(1.2, d, 0.8 * uniform, chance * 0.8));
    assertNull(rank.check(1.2, d, 0.8 * uniform, chance * 0.8));
    String r = rank.check(1.2, d, 0.8 * uniform, chance * 0.8);
    assertNotNull(r);
    assertTrue(r.contains("10% of their 128 dimensions (1.2)"), r);
    CollapseCheck spread = new CollapseCheck(256);
    spread.check(40, d, 0.01 * uniform, chance * 0.8);
    spread.check(40, d, 0.01 * uniform, chance * 0.8);
    String s = spread.check(40, d, 0.01 * uniform, chance * 0.8);
    assertTrue(s != null && s.contains("barely varied"), s);
    CollapseCheck stuck = new CollapseCheck(256);
    assertNull(stuck.check(40, d, 0.8 * uniform, chance * 1.004));
    assertNull(stuck.check(40, d, 0.8 * uniform, chance * 0.997));
    String flat = stuck.check(40, d, 0.8 * uniform, chance);
    assertTrue(flat != null && flat.contains("learning nothing"), flat);
    // a signal that recovers resets its count
    CollapseCheck moving = new CollapseCheck(256);
    moving.check(40, d, uniform, chance);
    moving.check(40, d, uniform, chance);
    assertNull(moving.check(40, d, uniform, chance * 0.95));
    assertNull(moving.check(40, d, uniform, chance));
  }
}
