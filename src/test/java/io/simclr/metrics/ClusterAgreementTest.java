package io.simclr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** NMI and ARI against values worked out by hand from the contingency table. */
class ClusterAgreementTest {
  @Test
  void aWorkedExample() {
    int[] labels = {0, 0, 0, 1, 1, 1};
    int[] clusters = {0, 0, 1, 1, 2, 2};
    // cells 2,1 | 1,2: MI = (2/3) ln 2; H(labels) = ln 2, H(clusters) = ln 3
    assertEquals((2.0 / 3 * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2), ClusterAgreement.nmi(labels, clusters), 1e-12);
    // index 2, expected 6 * 3 / 15 = 1.2, max (6 + 3) / 2 = 4.5
    assertEquals((2 - 1.2) / (4.5 - 1.2), ClusterAgreement.ari(labels, clusters), 1e-12);
  }

  @Test
  void onePartitionUnderOtherNamesIsOneAndIndependentOnesAreNearZero() {
    int[] a = {0, 0, 1, 1, 2, 2, 2};
    int[] renamed = {7, 7, 3, 3, 5, 5, 5};
    assertEquals(1, ClusterAgreement.nmi(a, renamed), 1e-12);
    assertEquals(1, ClusterAgreement.ari(a, renamed), 1e-12);
    Random r = new Random(3);
    int n = 20000;
    int[] x = new int[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt(10);
      y[i] = r.nextInt(10);
    }
    assertEquals(0, ClusterAgreement.ari(x, y), 0.01);
    assertEquals(0, ClusterAgreement.nmi(x, y), 0.01);
  }
}
