package io.simclr.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * How well a clustering agrees with the labels, from their contingency table: normalised mutual
 * information (arithmetic-mean normalisation, scikit-learn's default) and the adjusted Rand index.
 * Both are 1 for the same partition under any renaming and about 0 for independent ones.
 */
public final class ClusterAgreement {
  private ClusterAgreement() {}

  public static double nmi(int[] labels, int[] clusters) {
    Contingency t = Contingency.of(labels, clusters);
    double mi = 0;
    for (Map.Entry<Long, Integer> e : t.joint().entrySet()) {
      int i = (int) (e.getKey() >> 32);
      int j = (int) (long) e.getKey();
      double pij = (double) e.getValue() / t.n();
      mi += pij * Math.log(pij / ((double) t.labels().get(i) / t.n() * t.clusters().get(j) / t.n()));
    }
    double ha = entropy(t.labels(), t.n());
    double hb = entropy(t.clusters(), t.n());
    if (ha == 0 && hb == 0) {
      return 1;
    }
    return mi / ((ha + hb) / 2);
  }

  public static double ari(int[] labels, int[] clusters) {
    Contingency t = Contingency.of(labels, clusters);
    double index = t.joint().values().stream().mapToDouble(ClusterAgreement::pairs).sum();
    double sa = t.labels().values().stream().mapToDouble(ClusterAgreement::pairs).sum();
    double sb = t.clusters().values().stream().mapToDouble(ClusterAgreement::pairs).sum();
    double expected = sa * sb / pairs(t.n());
    double max = (sa + sb) / 2;
    return max == expected ? 1 : (index - expected) / (max - expected);
  }

  /** Counts of each (label, cluster) pair (keyed label << 32 | cluster), of each label and of each cluster. */
  private record Contingency(Map<Long, Integer> joint, Map<Integer, Integer> labels, Map<Integer, Integer> clusters,
      int n) {
    static Contingency of(int[] labels, int[] clusters) {
      if (labels.length != clusters.length || labels.length == 0) {
        throw new IllegalArgumentException("labels and clusters differ in length or are empty");
      }
      Contingency t = new Contingency(new HashMap<>(), new HashMap<>(), new HashMap<>(), labels.length);
      for (int k = 0; k < labels.length; k++) {
        t.joint.merge((long) labels[k] << 32 | (clusters[k] & 0xffffffffL), 1, Integer::sum);
        t.labels.merge(labels[k], 1, Integer::sum);
        t.clusters.merge(clusters[k], 1, Integer::sum);
      }
      return t;
    }
  }

  private static double entropy(Map<Integer, Integer> counts, int n) {
    double h = 0;
    for (int c : counts.values()) {
      double p = (double) c / n;
      h -= p * Math.log(p);
    }
    return h;
  }

  private static double pairs(double m) {
    return m * (m - 1) / 2;
  }
}
