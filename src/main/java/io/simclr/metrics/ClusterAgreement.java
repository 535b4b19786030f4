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
    int n = labels.length;
    Map<Long, Integer> joint = new HashMap<>();
    Map<Integer, Integer> a = new HashMap<>();
    Map<Integer, Integer> b = new HashMap<>();
    count(labels, clusters, joint, a, b);
    double mi = 0;
    for (Map.Entry<Long, Integer> e : joint.entrySet()) {
      int i = (int) (e.getKey() >> 32);
      int j = (int) (long) e.getKey();
      double pij = (double) e.getValue() / n;
      mi += pij * Math.log(pij / ((double) a.get(i) / n * b.get(j) / n));
    }
    double ha = entropy(a, n);
    double hb = entropy(b, n);
    if (ha == 0 && hb == 0) {
      return 1;
    }
    return mi / ((ha + hb) / 2);
  }

  public static double ari(int[] labels, int[] clusters) {
    int n = labels.length;
    Map<Long, Integer> joint = new HashMap<>();
    Map<Integer, Integer> a = new HashMap<>();
    Map<Integer, Integer> b = new HashMap<>();
    count(labels, clusters, joint, a, b);
    double index = joint.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
    double sa = a.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
    double sb = b.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
    double expected = sa * sb / pairs(n);
    double max = (sa + sb) / 2;
    return max == expected ? 1 : (index - expected) / (max - expected);
  }

  private static void count(int[] labels, int[] clusters, Map<Long, Integer> joint, Map<Integer, Integer> a,
      Map<Integer, Integer> b) {
    if (labels.length != clusters.length || labels.length == 0) {
      throw new IllegalArgumentException("labels and clusters differ in length or are empty");
    }
    for (int k = 0; k < labels.length; k++) {
      joint.merge((long) labels[k] << 32 | (clusters[k] & 0xffffffffL), 1, Integer::sum);
      a.merge(labels[k], 1, Integer::sum);
      b.merge(clusters[k], 1, Integer::sum);
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
