package io.simclr.cli;

import io.simclr.data.SplitRecords;
import java.io.IOException;

/** How the commands that write one row per record name it in their CSV files and sheets. */
final class RecordKeys {
  private RecordKeys() {}

  /** The class, else the source file name, else split:index (embeddings, neighbours). */
  static String classOrFile(SplitRecords set, String split, int i) throws IOException {
    int label = set.labels()[i];
    String key = label >= 0 ? set.classNames().get(label) : set.name(i);
    return key.isEmpty() ? split + ":" + i : key;
  }

  /** The source file name, else the class, else split:index (duplicates, clusters: which file it is). */
  static String fileOrClass(SplitRecords set, String split, int i) throws IOException {
    String name = set.name(i);
    if (!name.isEmpty()) {
      return name;
    }
    int label = set.labels()[i];
    return label >= 0 ? set.classNames().get(label) : split + ":" + i;
  }
}
