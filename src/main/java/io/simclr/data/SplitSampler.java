package io.simclr.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded hold-out split of one image set into "train" and "test". */
public final class SplitSampler {
  private SplitSampler() {}

  public static Map<String, ImageSet> split(ImageSet all, double testFraction, long seed) {
    if (testFraction < 0 || testFraction >= 1) {
      throw new IllegalArgumentException("--test-fraction must be in [0, 1)");
    }
    Map<String, ImageSet> out = new LinkedHashMap<>();
    int nTest = (int) Math.round(all.size() * testFraction);
    if (nTest == 0) {
      out.put("train", all);
      return out;
    }
    int[] order = Permutations.shuffled(all.size(), new Random(seed));
    out.put("train", subset(all, order, nTest, all.size() - nTest));
    out.put("test", subset(all, order, 0, nTest));
    return out;
  }

  private static ImageSet subset(ImageSet all, int[] order, int from, int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = all.labels()[order[from + i]];
    }
    return new ImageSet(all.gather(order, from, count), labels, all.shape(), all.classNames());
  }
}
