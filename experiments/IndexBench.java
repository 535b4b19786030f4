// The approximate index (eval/VectorIndex, Lucene HNSW) against exact search, on synthetic unit vectors:
// N points in D dimensions drawn around N/100 random centres (clustered, as embeddings are) or, with
// "uniform", with no structure at all (the hardest case for a graph index). After `mvn package -DskipTests`:
//   java -Xmx8g -cp "target/simclr.jar:$(ls target/lib/*.jar | tr '\n' ':')" experiments/IndexBench.java N D [uniform] [all]
// prints build time, heap held by the graph, query time and recall@10 of 1,000 queries against exact
// search, and with "all" the time of every point's 10 neighbours (what duplicates and uniqueness need).
// Results: docs/benchmarks.md.
import io.simclr.eval.Neighbours;
import io.simclr.eval.VectorIndex;
import java.util.Random;

public class IndexBench {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]);
    boolean uniform = java.util.Arrays.asList(a).contains("uniform");
    boolean all = java.util.Arrays.asList(a).contains("all");
    Random r = new Random(0);
    float[][] x = new float[n][d];
    int centres = Math.max(1, n / 100);
    float[][] c = new float[centres][d];
    for (float[] row : c) for (int j = 0; j < d; j++) row[j] = (float) r.nextGaussian();
    for (int i = 0; i < n; i++) {
      float[] centre = c[r.nextInt(centres)];
      for (int j = 0; j < d; j++) x[i][j] = uniform ? (float) r.nextGaussian() : centre[j] + 0.5f * (float) r.nextGaussian();
    }
    Neighbours.normalizeRows(x);
    int threads = Runtime.getRuntime().availableProcessors();
    long before = used();
    long t0 = System.nanoTime();
    VectorIndex index = VectorIndex.build(x, VectorIndex.Settings.defaults(), threads);
    double build = (System.nanoTime() - t0) / 1e9;
    long graphBytes = used() - before;
    int q = 1000, k = 10;
    int[] ids = new int[q];
    float[][] queries = new float[q][];
    for (int i = 0; i < q; i++) { ids[i] = r.nextInt(n); queries[i] = x[ids[i]]; }
    t0 = System.nanoTime();
    Neighbours.Result[] exact = Neighbours.search(queries, x, k, ids);
    double exactS = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    int hits = 0;
    for (int i = 0; i < q; i++) {
      Neighbours.Result got = index.search(queries[i], k, ids[i]);
      java.util.Set<Integer> truth = new java.util.HashSet<>();
      for (int t : exact[i].indices()) truth.add(t);
      for (int g : got.indices()) hits += truth.contains(g) ? 1 : 0;
    }
    double approxS = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%d x %d %s, %d threads: build %.1f s, graph %.0f MiB on the heap; 1,000 queries: exact %.2f ms, "
        + "index %.3f ms each (one thread); recall@10 %.4f%n", n, d, uniform ? "uniform" : "clustered", threads, build,
        graphBytes / 1048576.0, 1000 * exactS / q, 1000 * approxS / q, hits / (double) (q * k));
    if (all) {
      t0 = System.nanoTime();
      index.searchAll(k);
      System.out.printf("every point's %d neighbours: %.1f s%n", k, (System.nanoTime() - t0) / 1e9);
    }
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }
}
