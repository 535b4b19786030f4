// The approximate index (eval/VectorIndex, Lucene HNSW) against exact search, on synthetic unit vectors:
// N points in D dimensions drawn around N/100 random centres (clustered, as embeddings are) or, with
// "uniform", with no structure at all (the hardest case for a graph index). After `mvn package -DskipTests`:
//   java -Xmx8g -cp "target/simclr.jar:$(ls target/lib/*.jar | tr '\n' ':')" experiments/IndexBench.java N D [uniform] [all]
//   ... experiments/IndexBench.java npy FILE.npy [FILE.npy ...] [all]   (real embeddings: `embed --out` files, stacked)
// prints build time, heap held by the graph, query time and recall@10 of 1,000 queries against exact
// search, and with "all" the time of every point's 10 neighbours (what duplicates and uniqueness need).
// Results: docs/benchmarks.md.
import io.simclr.eval.Neighbours;
import io.simclr.eval.VectorIndex;
import java.util.Random;

public class IndexBench {
  public static void main(String[] a) {
    boolean uniform = java.util.Arrays.asList(a).contains("uniform");
    boolean all = java.util.Arrays.asList(a).contains("all");
    Random r = new Random(0);
    float[][] x;
    String kind;
    if (a[0].equals("npy")) {
      java.util.List<float[]> rows = new java.util.ArrayList<>();
      for (String f : a) if (f.endsWith(".npy")) rows.addAll(java.util.Arrays.asList(readNpy(f)));
      x = rows.toArray(float[][]::new);
      kind = "embeddings";
    } else {
      int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]);
      x = new float[n][d];
      int centres = Math.max(1, n / 100);
      float[][] c = new float[centres][d];
      for (float[] row : c) for (int j = 0; j < d; j++) row[j] = (float) r.nextGaussian();
      for (int i = 0; i < n; i++) {
        float[] centre = c[r.nextInt(centres)];
        for (int j = 0; j < d; j++) x[i][j] = uniform ? (float) r.nextGaussian() : centre[j] + 0.5f * (float) r.nextGaussian();
      }
      kind = uniform ? "uniform" : "clustered";
    }
    int n = x.length, d = x[0].length;
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
        + "index %.3f ms each (one thread); recall@10 %.4f%n", n, d, kind, threads, build,
        graphBytes / 1048576.0, 1000 * exactS / q, 1000 * approxS / q, hits / (double) (q * k));
    if (all) {
      t0 = System.nanoTime();
      index.searchAll(k);
      System.out.printf("every point's %d neighbours: %.1f s%n", k, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** A float32 [N, D] .npy file as written by NpyWriter (format 1.0, little-endian, C order). */
  private static float[][] readNpy(String file) {
    try {
      byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int headerLen = buf.getShort(8) & 0xffff;
      String header = new String(b, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+), (\\d+)\\)").matcher(header);
      if (!m.find()) throw new IllegalArgumentException(file + ": no shape in " + header);
      int n = Integer.parseInt(m.group(1)), d = Integer.parseInt(m.group(2));
      buf.position(10 + headerLen);
      float[][] x = new float[n][d];
      for (float[] row : x) for (int j = 0; j < d; j++) row[j] = buf.getFloat();
      return x;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }
}
