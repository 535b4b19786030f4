package io.simclr.eval;

import io.simclr.util.HeapBudget;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means++ (Apache Commons Math) on L2-normalised embeddings, i.e. by cosine similarity; the
 * seed fixes the initial centres, so a seed gives the same clusters every time.
 */
public final class Clustering {
  private Clustering() {}

  /** An embedding with its row, so the clusters can be read back as assignments. */
  private record Row(int index, double[] point) implements Clusterable {
    @Override
    public double[] getPoint() {
      return point;
    }
  }

  /** The cluster of each row of {@code x}, numbered by size (0 the largest, ties by first row). */
  public static int[] kMeans(float[][] x, int k, long seed, int iterations) {
    int d = x.length == 0 ? 0 : x[0].length;
    // the points in double precision, a row, its record and its list entry each
    HeapBudget.require(x.length * (8L * d + 16 + 24 + 8), String.format("k-means of %d embeddings of %d dimensions", x.length, d));
    List<Row> rows = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      // normalised one row at a time (the same floats as Neighbours.normalized), not a second copy of x
      float[] unit = Neighbours.normalized(new float[][] {x[i]})[0];
      double[] p = new double[unit.length];
      for (int j = 0; j < p.length; j++) {
        p[j] = unit[j];
      }
      rows.add(new Row(i, p));
    }
    JDKRandomGenerator rnd = new JDKRandomGenerator();
    rnd.setSeed(seed);
    List<CentroidCluster<Row>> clusters =
        new KMeansPlusPlusClusterer<Row>(k, iterations, new EuclideanDistance(), rnd).cluster(rows);
    clusters.sort((a, b) -> a.getPoints().size() != b.getPoints().size()
        ? Integer.compare(b.getPoints().size(), a.getPoints().size())
        : Integer.compare(first(a), first(b)));
    int[] out = new int[x.length];
    for (int c = 0; c < clusters.size(); c++) {
      for (Row r : clusters.get(c).getPoints()) {
        out[r.index()] = c;
      }
    }
    return out;
  }

  private static int first(CentroidCluster<Row> c) {
    return c.getPoints().stream().mapToInt(Row::index).min().orElse(Integer.MAX_VALUE);
  }
}
