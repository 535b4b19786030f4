package io.simclr.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Seeded, class-balanced subsets of a labelled set: from each class, a share (or a count) of its
 * members drawn by a shuffle of that class alone, so adding images of one class never changes the
 * choice within another. Indices come back sorted.
 */
public final class ClassBalanced {
  private ClassBalanced() {}

  /** Round(fraction x class size) of each class: [the rest, the chosen]. */
  public static int[][] split(int[] labels, int classes, double fraction, IntFunction<Random> shuffleOfClass) {
    return pick(labels, classes, size -> (int) Math.round(size * fraction), shuffleOfClass);
  }

  /** min(perClass, class size) of each class: [the rest, the chosen]. */
  public static int[][] take(int[] labels, int classes, int perClass, IntFunction<Random> shuffleOfClass) {
    return pick(labels, classes, size -> Math.min(perClass, size), shuffleOfClass);
  }

  private static int[][] pick(int[] labels, int classes, IntFunction<Integer> count, IntFunction<Random> shuffleOfClass) {
    List<Integer> rest = new ArrayList<>();
    List<Integer> chosen = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) members.add(i);
      }
      int[] order = Permutations.shuffled(members.size(), shuffleOfClass.apply(c));
      int n = count.apply(members.size());
      for (int i = 0; i < order.length; i++) {
        (i < n ? chosen : rest).add(members.get(order[i]));
      }
    }
    return new int[][] {sorted(rest), sorted(chosen)};
  }

  private static int[] sorted(List<Integer> xs) {
    return xs.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
