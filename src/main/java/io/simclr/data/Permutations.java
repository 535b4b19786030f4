package io.simclr.data;

import java.util.Random;

/** Fisher-Yates permutations from a given random source, so shuffles are reproducible. */
public final class Permutations {
  private Permutations() {}

  public static int[] shuffled(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * {@code k} distinct indices of [0, n), in draw order: the first k steps of a forward
   * Fisher-Yates shuffle (draw i picks among the n - i not yet taken).
   */
  public static int[] sample(int n, int k, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return java.util.Arrays.copyOf(p, k);
  }
}
