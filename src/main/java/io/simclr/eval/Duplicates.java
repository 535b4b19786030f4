package io.simclr.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Near-duplicates: every pair of L2-normalised embeddings whose cosine similarity reaches a
 * threshold, found exactly (all pairs, in row blocks on all cores), grouped by connection (a pair
 * joins two groups). N^2 D / 2 multiply-adds: 10,000 128-d embeddings take a few seconds; beyond a
 * few hundred thousand an approximate index would be the next step.
 */
public final class Duplicates {
  /** Two images and their similarity, {@code a < b}. */
  public record Pair(int a, int b, float similarity) {}

  private static final int BLOCK = 256;

  private Duplicates() {}

  /** Every pair i < j of normalised rows with cosine similarity >= threshold, ordered by (i, j). */
  public static List<Pair> pairs(float[][] x, double threshold) {
    int n = x.length;
    int blocks = (n + BLOCK - 1) / BLOCK;
    List<List<Pair>> perBlock = IntStream.range(0, blocks).parallel().mapToObj(bi -> {
      List<Pair> out = new ArrayList<>();
      for (int i = bi * BLOCK; i < Math.min(n, (bi + 1) * BLOCK); i++) {
        for (int j = i + 1; j < n; j++) {
          float s = Neighbours.dot(x[i], x[j]);
          if (s >= threshold) {
            out.add(new Pair(i, j, s));
          }
        }
      }
      return out;
    }).toList();
    List<Pair> all = new ArrayList<>();
    perBlock.forEach(all::addAll);
    return all;
  }

  /** The groups the pairs connect (union-find), each sorted, groups ordered by their first image. */
  public static List<int[]> groups(int n, List<Pair> pairs) {
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (Pair p : pairs) {
      int ra = root(parent, p.a());
      int rb = root(parent, p.b());
      if (ra != rb) {
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
    TreeMap<Integer, List<Integer>> byRoot = new TreeMap<>();
    for (Pair p : pairs) {
      for (int i : new int[] {p.a(), p.b()}) {
        byRoot.computeIfAbsent(root(parent, i), r -> new ArrayList<>());
      }
    }
    for (int i = 0; i < n; i++) {
      List<Integer> g = byRoot.get(root(parent, i));
      if (g != null) {
        g.add(i);
      }
    }
    List<int[]> out = new ArrayList<>();
    byRoot.values().forEach(g -> out.add(g.stream().mapToInt(Integer::intValue).sorted().toArray()));
    out.sort((a, b) -> Integer.compare(a[0], b[0]));
    return out;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Recall and precision of found pairs against known ones (each pair as {@code a < b}). */
  public record Score(double recall, double precision, int found, int planted, int correct) {}

  public static Score score(List<Pair> found, List<int[]> planted) {
    java.util.Set<Long> truth = new java.util.HashSet<>();
    for (int[] p : planted) {
      truth.add(key(Math.min(p[0], p[1]), Math.max(p[0], p[1])));
    }
    int correct = 0;
    for (Pair p : found) {
      correct += truth.contains(key(p.a(), p.b())) ? 1 : 0;
    }
    return new Score(truth.isEmpty() ? 1 : (double) correct / truth.size(),
        found.isEmpty() ? 1 : (double) correct / found.size(), found.size(), truth.size(), correct);
  }

  private static long key(int a, int b) {
    return (long) a << 32 | b;
  }
}
