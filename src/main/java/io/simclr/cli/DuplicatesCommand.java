package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.Duplicates;
import io.simclr.eval.Neighbours;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
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

  @Mixin ModelOnSplit io;

  @Option(names = "--split", defaultValue = "train", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--threshold", defaultValue = "0.95",
      description = "Cosine similarity from which two images count as duplicates (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--sheets", defaultValue = "20", description = "Contact sheets for the first groups (default ${DEFAULT-VALUE}).")
  int sheets;

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(threshold > -1 && threshold <= 1, "--threshold must be in (-1, 1]");
    InvalidConfigException.check(sheets >= 0, "--sheets must be 0 or more");
    try (ModelOnSplit.Opened opened = io.open(split)) {
      SavedEncoder enc = opened.encoder();
      SplitRecords set = opened.set();
      InferenceImages pixels = opened.pixels();
      float[][] e = Neighbours.normalized(enc.embed(set, 500));
      List<Duplicates.Pair> pairs = Duplicates.pairs(e, threshold);
      List<int[]> groups = Duplicates.groups(e.length, pairs);
      Path tmp = io.temp();
      StringBuilder p = new StringBuilder("a,b,key_a,key_b,similarity\n");
      for (Duplicates.Pair d : pairs) {
        p.append(d.a()).append(',').append(d.b()).append(',').append(Csv.quote(RecordKeys.fileOrClass(set, split, d.a()))).append(',')
            .append(Csv.quote(RecordKeys.fileOrClass(set, split, d.b()))).append(',').append(String.format("%.5f", d.similarity())).append('\n');
      }
      Files.writeString(tmp.resolve("pairs.csv"), p);
      StringBuilder g = new StringBuilder("group,index,key\n");
      for (int i = 0; i < groups.size(); i++) {
        for (int idx : groups.get(i)) {
          g.append(i).append(',').append(idx).append(',').append(Csv.quote(RecordKeys.fileOrClass(set, split, idx))).append('\n');
        }
      }
      Files.writeString(tmp.resolve("groups.csv"), g);
      for (int i = 0; i < Math.min(sheets, groups.size()); i++) {
        int[] members = groups.get(i);
        List<ContactSheet.Cell> cells = new ArrayList<>();
        for (int m = 0; m < Math.min(10, members.length); m++) {
          cells.add(new ContactSheet.Cell(pixels.pixels(members, m, 1), "#" + members[m], RecordKeys.fileOrClass(set, split, members[m])));
        }
        ContactSheet.write(cells, set.shape(), tmp.resolve(String.format("group-%03d.png", i)));
      }
      io.commit(tmp);
      int inGroups = groups.stream().mapToInt(a -> a.length).sum();
      System.out.printf("%d pairs at cosine >= %s among %d images of %s (%s): %d groups holding %d images; "
          + "written to %s%n", pairs.size(), threshold, e.length, io.data, split, groups.size(), inGroups, io.out);
    }
    return 0;
  }
}
