package io.simclr.cli;

import io.simclr.data.SplitRecords;
import java.io.IOException;
import java.util.List;

/**
 * How the commands that write one row per record name it in their CSV files and sheets. Holds the
 * split's labels once: asking the split per record would copy them each time.
 */
final class RecordKeys {
  private final SplitRecords set;
  private final String split;
  private final int[] labels;
  private final List<String> classNames;

  RecordKeys(SplitRecords set, String split) {
    this.set = set;
    this.split = split;
    this.labels = set.labels();
    this.classNames = set.classNames();
  }

  /** The class, else the source file name, else split:index (embeddings, neighbours). */
  String classOrFile(int i) throws IOException {
    String key = labels[i] >= 0 ? classNames.get(labels[i]) : set.name(i);
    return key.isEmpty() ? split + ":" + i : key;
  }

  /** The source file name, else the class, else split:index (duplicates, clusters: which file it is). */
  String fileOrClass(int i) throws IOException {
    String name = set.name(i);
    if (!name.isEmpty()) {
      return name;
    }
    return labels[i] >= 0 ? classNames.get(labels[i]) : split + ":" + i;
  }
}
