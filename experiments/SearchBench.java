// Exact-search cost of `neighbors` and `duplicates` on random unit vectors (the embedding step is
// measured by the commands themselves). After `mvn package -DskipTests`:
//   java -cp "target/simclr.jar:$(ls target/lib/*.jar | tr '\n' ':')" experiments/SearchBench.java N D QUERIES [dups]
// prints the time of QUERIES neighbour searches (k = 8) among N x D embeddings and, with "dups",
// of the all-pairs duplicate search at 0.95. Results: docs/benchmarks.md.
import io.simclr.eval.Duplicates;
import io.simclr.eval.Neighbours;
import java.util.Random;

public class SearchBench {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]), q = Integer.parseInt(a[2]);
    boolean dups = a.length > 3;
    Random r = new Random(0);
    float[][] x = new float[n][d];
    for (float[] row : x) for (int j = 0; j < d; j++) row[j] = (float) r.nextGaussian();
    x = Neighbours.normalized(x);
    float[][] queries = new float[q][];
    int[] exclude = new int[q];
    for (int i = 0; i < q; i++) { exclude[i] = r.nextInt(n); queries[i] = x[exclude[i]]; }
    Neighbours.search(queries, x, 8, exclude); // warm-up
    long t0 = System.nanoTime();
    Neighbours.search(queries, x, 8, exclude);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("neighbors: %d queries against %d x %d: %.3f s (%.2f ms per query)%n", q, n, d, s, 1000 * s / q);
    if (dups) {
      t0 = System.nanoTime();
      long found;
      try {
        java.nio.file.Path spill = java.nio.file.Files.createTempDirectory("search-bench");
        found = Duplicates.scan(x, 0.95, Long.MAX_VALUE, spill, (i, j, sim) -> { });
        java.nio.file.Files.delete(spill);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      System.out.printf("duplicates: all pairs of %d x %d at 0.95: %.1f s (%d pairs)%n", n, d, (System.nanoTime() - t0) / 1e9, found);
    }
  }
}
