package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** All-pairs near-duplicates against a brute-force double-precision scan, and their grouping. */
class DuplicatesTest {
  @Test
  void everyPairAboveTheThresholdIsFoundAndGroupedByConnection() {
    Random r = new Random(2);
    int n = 700;
    float[][] x = new float[n][16];
    for (float[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    // planted: 5 near-copies of 5 images, and a chain 100 ~ 101 ~ 102 (100 and 102 further apart)
    List<int[]> planted = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      int src = 10 * k;
      int copy = 600 + k;
      for (int j = 0; j < 16; j++) {
        x[copy][j] = x[src][j] + 0.01f * (float) r.nextGaussian();
      }
      planted.add(new int[] {src, copy});
    }
    for (int j = 0; j < 16; j++) {
      x[101][j] = x[100][j] + 0.12f * (float) r.nextGaussian();
      x[102][j] = x[101][j] + 0.12f * (float) r.nextGaussian();
    }
    float[][] e = Neighbours.normalized(x);
    double threshold = 0.97;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int d = 0; d < 16; d++) {
          ab += (double) x[i][d] * x[j][d];
          aa += (double) x[i][d] * x[i][d];
          bb += (double) x[j][d] * x[j][d];
        }
        if (ab / Math.sqrt(aa * bb) >= threshold) {
          expected.add(i + "-" + j);
        }
      }
    }
    List<Duplicates.Pair> found = Duplicates.pairs(e, threshold);
    assertEquals(expected, found.stream().map(p -> p.a() + "-" + p.b()).toList());
    List<int[]> groups = Duplicates.groups(n, found);
    // the chain is one group even if 100 and 102 are not a pair themselves
    assertArrayEquals(new int[] {100, 101, 102}, groups.stream().filter(g -> g[0] == 100).findFirst().orElseThrow());
    assertArrayEquals(new int[] {0, 600}, groups.get(0));
    Duplicates.Score s = Duplicates.score(found.stream().filter(p -> p.a() != 100 && p.a() != 101).toList(), planted);
    assertEquals(1.0, s.recall());
    assertEquals(5, s.correct());
    assertEquals(5.0 / s.found(), s.precision(), 1e-12);
  }
}
