package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exact cosine neighbours against a double-precision sort of every similarity. */
class NeighboursTest {
  @Test
  void theKNearestAreThoseOfAFullSortExcludingTheQuery() {
    Random r = new Random(4);
    float[][] set = new float[300][12];
    for (float[] row : set) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    float[][] n = Neighbours.normalized(set);
    int[] queries = {0, 17, 299};
    float[][] q = {n[0], n[17], n[299]};
    Neighbours.Result[] found = Neighbours.search(q, n, 7, queries);
    for (int i = 0; i < queries.length; i++) {
      int self = queries[i];
      double[] cos = new double[set.length];
      for (int j = 0; j < set.length; j++) {
        cos[j] = cosine(set[self], set[j]);
      }
      int[] expected = IntStream.range(0, set.length).filter(j -> j != self).boxed()
          .sorted(Comparator.comparingDouble((Integer j) -> -cos[j]).thenComparingInt(j -> j))
          .mapToInt(Integer::intValue).limit(7).toArray();
      assertArrayEquals(expected, found[i].indices(), "query " + self);
      for (int k = 0; k < 7; k++) {
        assertEquals(cos[expected[k]], found[i].similarities()[k], 1e-5);
      }
    }
  }

  @Test
  void tiesKeepTheLowerIndexAndFewerRowsThanKGiveThemAll() {
    float[][] set = {{1, 0}, {0, 1}, {1, 0}, {1, 0}};
    Neighbours.Result[] r = Neighbours.search(new float[][] {{1, 0}}, set, 2, new int[] {-1});
    assertArrayEquals(new int[] {0, 2}, r[0].indices());
    Neighbours.Result[] all = Neighbours.search(new float[][] {{0, 1}}, set, 10, new int[] {1});
    assertArrayEquals(new int[] {0, 2, 3}, all[0].indices());
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
