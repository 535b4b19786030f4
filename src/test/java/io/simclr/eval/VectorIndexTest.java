package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HNSW index against exact search: recall, exact similarities, the query left out. */
class VectorIndexTest {
  private static float[][] gaussian(int n, int d, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) row[j] = (float) r.nextGaussian();
    }
    return Neighbours.normalized(x);
  }

  @Test
  void recallAtTenOnUnstructuredVectorsAndExactSimilarities() {
    // no clusters at all: the hardest case for a graph index
    float[][] x = gaussian(5000, 32, 1);
    VectorIndex index = VectorIndex.build(x, VectorIndex.Settings.defaults(), 2);
    int hits = 0;
    int queries = 300;
    for (int q = 0; q < queries; q++) {
      Neighbours.Result exact = Neighbours.search(new float[][] {x[q]}, x, 10, new int[] {q})[0];
      Neighbours.Result got = index.search(x[q], 10, q);
      assertEquals(10, got.indices().length);
      Set<Integer> truth = new HashSet<>();
      for (int i : exact.indices()) truth.add(i);
      for (int r = 0; r < 10; r++) {
        int i = got.indices()[r];
        assertTrue(i != q, "the query itself is left out");
        hits += truth.contains(i) ? 1 : 0;
        assertEquals(Neighbours.dot(x[q], x[i]), got.similarities()[r], "exact similarity of the candidate");
        if (r > 0) assertTrue(got.similarities()[r] <= got.similarities()[r - 1], "most similar first");
      }
    }
    double recall = hits / (10.0 * queries);
    assertTrue(recall >= 0.95, "recall@10 " + recall);
  }

  @Test
  void indexDuplicatesEqualTheExactScanWhenGroupsAreSmall() throws Exception {
    float[][] x = gaussian(2000, 16, 2);
    Random r = new Random(3);
    // 30 near-copies of 30 images
    for (int k = 0; k < 30; k++) {
      float[] copy = x[k].clone();
      for (int j = 0; j < 16; j++) copy[j] += 0.01f * (float) r.nextGaussian();
      x[1000 + k] = copy;
    }
    x = Neighbours.normalized(x);
    java.nio.file.Path spill = java.nio.file.Files.createTempDirectory("spill");
    var exact = Duplicates.pairs(x, 0.98, spill);
    var found = new java.util.ArrayList<Duplicates.Pair>();
    Duplicates.Candidates c = Duplicates.fromNeighbours(x,
        NeighbourSearch.approximate(x, VectorIndex.Settings.defaults(), 2).all(10), 0.98, Long.MAX_VALUE,
        (a, b, s) -> found.add(new Duplicates.Pair(a, b, s)));
    assertEquals(exact, found);
    assertEquals(exact.size(), c.pairs());
    assertTrue(exact.size() >= 30, "" + exact.size());
    assertEquals(0, c.saturatedRows());
  }
}
