package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-pairs near-duplicates against a brute-force double-precision scan, and their grouping. */
class DuplicatesTest {
  @TempDir Path tmp;

  @Test
  void everyPairAboveTheThresholdIsFoundAndGroupedByConnection() throws Exception {
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
    List<Duplicates.Pair> found = Duplicates.pairs(e, threshold, tmp);
    assertEquals(expected, found.stream().map(p -> p.a() + "-" + p.b()).toList());
    DuplicateGroups groups = new DuplicateGroups(n);
    found.forEach(p -> groups.join(p.a(), p.b()));
    // the chain is one group even if 100 and 102 are not a pair themselves
    assertArrayEquals(new int[] {100, 101, 102}, IntStream.range(0, groups.count()).mapToObj(groups::group)
        .filter(g -> g[0] == 100).findFirst().orElseThrow());
    assertArrayEquals(new int[] {0, 600}, groups.group(0));
    for (int g = 1; g < groups.count(); g++) {
      assertTrue(groups.group(g - 1)[0] < groups.group(g)[0], "groups ordered by their first image");
    }
    assertEquals(found.stream().flatMapToInt(p -> IntStream.of(p.a(), p.b())).distinct().count(), groups.images());
    Duplicates.Score s = Duplicates.score(found.stream().filter(p -> p.a() != 100 && p.a() != 101).toList(), planted);
    assertEquals(1.0, s.recall());
    assertEquals(5, s.correct());
    assertEquals(5.0 / s.found(), s.precision(), 1e-12);
    try (var spills = Files.list(tmp)) {
      assertEquals(0, spills.count(), "spill files are removed");
    }
  }

  @Test
  void theScanStopsPastMaxPairsHavingPassedOnAtMostThatMany() throws Exception {
    // a collapsed encoder: every embedding equal, so every one of the n(n-1)/2 pairs is a duplicate
    int n = 3000;
    float[][] x = new float[n][8];
    for (float[] row : x) {
      java.util.Arrays.fill(row, 0.5f);
    }
    long[] seen = {0};
    Duplicates.TooManyPairsException e = assertThrows(Duplicates.TooManyPairsException.class,
        () -> Duplicates.scan(Neighbours.normalized(x), 0.99, 10_000, tmp, (a, b, s) -> seen[0]++));
    assertTrue(seen[0] <= 10_000, seen[0] + " pairs passed on");
    assertEquals(10_000, e.maxPairs());
    assertTrue(e.rowsReached() < n, "stopped early, within " + e.rowsReached() + " rows");
    // a limit the set stays within: all pairs, in (a, b) order
    long[] last = {-1};
    long all = Duplicates.scan(Neighbours.normalized(java.util.Arrays.copyOf(x, 200)), 0.99, 19_900, tmp, (a, b, s) -> {
      long key = (long) a * 200 + b;
      assertTrue(key > last[0], "ordered by (a, b)");
      last[0] = key;
    });
    assertEquals(200 * 199 / 2, all);
  }
}
