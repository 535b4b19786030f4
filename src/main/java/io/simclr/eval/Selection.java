package io.simclr.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A diverse subset of a collection for labelling: farthest-first traversal (k-centre greedy,
 * Gonzalez 1985; the "core-set" selection of Sener and Savarese 2018) on L2-normalised embeddings,
 * with cosine distance 1 - cos. Each step adds the image farthest from everything chosen so far, so
 * the subset covers the collection: every image lies within the last coverage radius of a chosen
 * one, and no more than twice the best possible radius for that many images.
 */
public final class Selection {
  /**
   * One chosen image.
   *
   * @param distance its cosine distance to the nearest image chosen before it (2 for the first)
   * @param coverageRadius once it is chosen, the largest distance of any image to its nearest chosen one
   */
  public record Pick(int index, double distance, double coverageRadius) {}

  private Selection() {}

  /**
   * Up to {@code count} images of the normalised rows {@code x}, in the order chosen, starting from a
   * seeded random image. With {@code minDistance} > 0 the selection ends early once every image left
   * is that close to a chosen one (a near-duplicate of it).
   */
  public static List<Pick> farthestFirst(float[][] x, int count, long seed, double minDistance) {
    int n = x.length;
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    List<Pick> picks = new ArrayList<>();
    int next = new Random(seed).nextInt(n);
    double distance = 2;
    while (picks.size() < Math.min(count, n)) {
      float[] c = x[next];
      nearest[next] = 0;
      IntStream.range(0, n).parallel().forEach(i -> {
        double d = 1 - Neighbours.dot(x[i], c);
        if (d < nearest[i]) {
          nearest[i] = d;
        }
      });
      int farthest = argmax(nearest);
      picks.add(new Pick(next, distance, Math.max(0, nearest[farthest])));
      distance = nearest[farthest];
      if (distance <= minDistance) {
        break;
      }
      next = farthest;
    }
    return picks;
  }

  /**
   * How unlike the rest each image is: the mean cosine distance to its {@code k} nearest neighbours,
   * so that an outlier scores high and an image with near-duplicates near 0.
   */
  public static double[] uniqueness(NeighbourSearch search, int k) {
    int n = search.size();
    double[] out = new double[n];
    int kk = Math.min(k, n - 1);
    if (kk < 1) {
      return out;
    }
    Neighbours.Result[] nn = search.all(kk);
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (float s : nn[i].similarities()) {
        sum += 1 - s;
      }
      out[i] = sum / nn[i].similarities().length;
    }
    return out;
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
