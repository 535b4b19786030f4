package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.Duplicates;
import io.simclr.eval.Neighbours;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "duplicates",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Near-duplicate images of a dataset, by cosine similarity of embeddings.",
      "Every pair whose SavedModel embeddings reach --threshold (exact, all pairs), grouped by",
      "connection.",
      "Output in --out: pairs.csv (a, b, their keys, similarity), groups.csv (group, index, key)",
      "and group-<i>.png for the first --sheets groups (up to 10 images each).",
      "",
      "Example: duplicates --model saved-models/photos --data data/photos --threshold 0.97 --out dups"
    })
public final class DuplicatesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, description = "Encoder SavedModel directory.")
  Path model;

  @Option(names = "--data", required = true, description = "Prepared dataset directory.")
  Path data;

  @Option(names = "--split", defaultValue = "train", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--threshold", defaultValue = "0.95",
      description = "Cosine similarity from which two images count as duplicates (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--sheets", defaultValue = "20", description = "Contact sheets for the first groups (default ${DEFAULT-VALUE}).")
  int sheets;

  @Option(names = "--out", required = true, description = "Output directory (written whole, or not at all).")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(threshold > -1 && threshold <= 1, "--threshold must be in (-1, 1]");
    InvalidConfigException.check(sheets >= 0, "--sheets must be 0 or more");
    Overwrite overwrite = Overwrite.force(force);
    overwrite.check(out);
    try (SavedEncoder enc = SavedEncoder.load(model); SplitRecords set = SplitRecords.open(data, split);
        InferenceImages pixels = new InferenceImages(set)) {
      enc.requireCompatible(set.shape(), data);
      float[][] e = Neighbours.normalized(enc.embed(set, 500));
      List<Duplicates.Pair> pairs = Duplicates.pairs(e, threshold);
      List<int[]> groups = Duplicates.groups(e.length, pairs);
      Path tmp = AtomicFiles.tempSibling(out);
      StringBuilder p = new StringBuilder("a,b,key_a,key_b,similarity\n");
      for (Duplicates.Pair d : pairs) {
        p.append(d.a()).append(',').append(d.b()).append(',').append(Csv.quote(key(set, d.a()))).append(',')
            .append(Csv.quote(key(set, d.b()))).append(',').append(String.format("%.5f", d.similarity())).append('\n');
      }
      Files.writeString(tmp.resolve("pairs.csv"), p);
      StringBuilder g = new StringBuilder("group,index,key\n");
      for (int i = 0; i < groups.size(); i++) {
        for (int idx : groups.get(i)) {
          g.append(i).append(',').append(idx).append(',').append(Csv.quote(key(set, idx))).append('\n');
        }
      }
      Files.writeString(tmp.resolve("groups.csv"), g);
      for (int i = 0; i < Math.min(sheets, groups.size()); i++) {
        int[] members = groups.get(i);
        List<ContactSheet.Cell> cells = new ArrayList<>();
        for (int m = 0; m < Math.min(10, members.length); m++) {
          cells.add(new ContactSheet.Cell(pixels.pixels(members, m, 1), "#" + members[m], key(set, members[m])));
        }
        ContactSheet.write(cells, set.shape(), tmp.resolve(String.format("group-%03d.png", i)));
      }
      AtomicFiles.commitDirectory(tmp, out, overwrite);
      int inGroups = groups.stream().mapToInt(a -> a.length).sum();
      System.out.printf("%d pairs at cosine >= %s among %d images of %s (%s): %d groups holding %d images; "
          + "written to %s%n", pairs.size(), threshold, e.length, data, split, groups.size(), inGroups, out);
    }
    return 0;
  }

  /** The source file, else the class, else split:index. */
  private String key(SplitRecords set, int i) throws IOException {
    String name = set.name(i);
    if (!name.isEmpty()) {
      return name;
    }
    int label = set.labels()[i];
    return label >= 0 ? set.classNames().get(label) : split + ":" + i;
  }
}
