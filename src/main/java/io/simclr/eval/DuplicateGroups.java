package io.simclr.eval;

import java.util.Arrays;

/**
 * The groups that pairs connect (a pair joins two groups), built as the pairs stream past in O(N)
 * memory: union-find over the images, then one flat array of members. Groups are ordered by their
 * first (smallest) image, members ascending; images in no pair belong to no group.
 */
public final class DuplicateGroups {
  private final int[] parent;
  private final boolean[] paired;
  private int[] start;
  private int[] members;

  public DuplicateGroups(int n) {
    parent = new int[n];
    paired = new boolean[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
  }

  /** Joins the groups of a and b. */
  public void join(int a, int b) {
    paired[a] = true;
    paired[b] = true;
    int ra = root(a);
    int rb = root(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    start = null;
  }

  public int count() {
    flatten();
    return start.length - 1;
  }

  /** The members of group {@code g}, ascending. */
  public int[] group(int g) {
    flatten();
    return Arrays.copyOfRange(members, start[g], start[g + 1]);
  }

  /** Images in some group. */
  public int images() {
    flatten();
    return members.length;
  }

  private void flatten() {
    if (start != null) {
      return;
    }
    int n = parent.length;
    // roots are their group's smallest image (unions keep the smaller root), so numbering groups by
    // root in ascending order orders them by first image
    int[] groupOfRoot = new int[n];
    int groups = 0;
    int inGroups = 0;
    for (int i = 0; i < n; i++) {
      if (paired[i]) {
        inGroups++;
        if (root(i) == i) {
          groupOfRoot[i] = groups++;
        }
      }
    }
    int[] begin = new int[groups + 1];
    for (int i = 0; i < n; i++) {
      if (paired[i]) {
        begin[groupOfRoot[root(i)] + 1]++;
      }
    }
    for (int g = 0; g < groups; g++) {
      begin[g + 1] += begin[g];
    }
    int[] next = Arrays.copyOf(begin, groups);
    int[] flat = new int[inGroups];
    for (int i = 0; i < n; i++) {
      if (paired[i]) {
        flat[next[groupOfRoot[root(i)]]++] = i;
      }
    }
    start = begin;
    members = flat;
  }

  private int root(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
