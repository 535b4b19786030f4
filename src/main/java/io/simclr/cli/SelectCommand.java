package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.NeighbourSearch;
import io.simclr.eval.Neighbours;
import io.simclr.eval.Selection;
import io.simclr.eval.VectorIndex;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "select",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "A diverse subset of a dataset to label first, and how unusual each image is.",
      "Farthest-first traversal (k-centre greedy) on the SavedModel's embeddings: each pick is the",
      "image farthest (cosine distance) from all picked before it, from a seeded random start.",
      "Output in --out: selection.csv (rank, index, key, distance to the earlier picks, coverage",
      "radius once picked: every image is at most that far from a pick), selection-<i>.png (contact",
      "sheets of 10 picks each), uniqueness.csv (index, key, mean cosine distance to its",
      "--neighbours nearest images, found through an approximate index unless --exact: high for",
      "outliers, near 0 for near-duplicates) and outliers.png (the 10 most unique).",
      "",
      "Example: select --model saved-models/photos --data data/photos --count 500 --out to-label"
    })
public final class SelectCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin ModelOnSplit io;

  @Option(names = "--split", defaultValue = "train", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--count", required = true, description = "How many images to choose.")
  int count;

  @Option(names = "--seed", defaultValue = "0", description = "Chooses the first image (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--skip-duplicates", paramLabel = "COSINE", defaultValue = "1",
      description = {"Stop before --count once every image left has a pick at this cosine similarity or more",
          "(a near-duplicate of it; e.g. 0.95). Default ${DEFAULT-VALUE}: only exact copies end it."})
  double skipDuplicates;

  @Option(names = "--neighbours", defaultValue = "3",
      description = "Nearest images the uniqueness score averages over; 0 skips it (default ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--exact", description = "Find the uniqueness score's neighbours by brute force (N^2 work) instead of "
      + "the approximate index (Lucene HNSW).")
  boolean exact;

  @Option(names = "--sheets", defaultValue = "5", description = "Contact sheets of 10 picks (default ${DEFAULT-VALUE}).")
  int sheets;

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(count >= 1, "--count must be 1 or more");
    InvalidConfigException.check(skipDuplicates > -1 && skipDuplicates <= 1, "--skip-duplicates must be in (-1, 1]");
    InvalidConfigException.check(neighbours >= 0, "--neighbours must be 0 or more");
    InvalidConfigException.check(sheets >= 0, "--sheets must be 0 or more");
    try (ModelOnSplit.Opened opened = io.open(split)) {
      SplitRecords set = opened.set();
      float[][] e = Neighbours.normalizeRows(opened.encoder().embed(set, 500));
      List<Selection.Pick> picks = Selection.farthestFirst(e, count, seed, 1 - skipDuplicates);
      double[] unique = neighbours > 0 ? Selection.uniqueness(exact ? NeighbourSearch.exact(e)
          : NeighbourSearch.approximate(e, VectorIndex.Settings.defaults(), Runtime.getRuntime().availableProcessors()),
          neighbours) : null;
      RecordKeys keys = new RecordKeys(set, split);
      Path tmp = io.temp();
      boolean committed = false;
      try {
        try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("selection.csv"))) {
          w.write("rank,index,key,distance,coverage_radius\n");
          for (int r = 0; r < picks.size(); r++) {
            Selection.Pick p = picks.get(r);
            w.write(String.format("%d,%d,%s,%.6f,%.6f%n", r + 1, p.index(), Csv.quote(keys.fileOrClass(p.index())),
                p.distance(), p.coverageRadius()));
          }
        }
        for (int s = 0; s < Math.min(sheets, (picks.size() + 9) / 10); s++) {
          int first = s * 10;
          int[] idx = picks.subList(first, Math.min(picks.size(), first + 10)).stream().mapToInt(Selection.Pick::index)
              .toArray();
          sheet(opened.pixels(), keys, idx, i -> "#" + (first + i + 1), tmp.resolve(String.format("selection-%02d.png", s)),
              set);
        }
        if (unique != null) {
          try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("uniqueness.csv"))) {
            w.write("index,key,uniqueness\n");
            for (int i = 0; i < unique.length; i++) {
              w.write(String.format("%d,%s,%.6f%n", i, Csv.quote(keys.fileOrClass(i)), unique[i]));
            }
          }
          int[] top = IntStream.range(0, unique.length).boxed()
              .sorted(Comparator.comparingDouble((Integer i) -> -unique[i]).thenComparingInt(i -> i))
              .limit(10).mapToInt(Integer::intValue).toArray();
          sheet(opened.pixels(), keys, top, i -> String.format("%.3f", unique[top[i]]), tmp.resolve("outliers.png"), set);
        }
        io.commit(tmp);
        committed = true;
      } finally {
        if (!committed) {
          AtomicFiles.deleteRecursively(tmp);
        }
      }
      Selection.Pick last = picks.get(picks.size() - 1);
      System.out.printf("chose %d of %d images of %s (%s)%s: every image within cosine distance %.4f of a pick;"
          + " written to %s%n", picks.size(), e.length, io.data, split,
          picks.size() < Math.min(count, e.length) ? " (the rest are near-duplicates of picks)" : "", last.coverageRadius(),
          io.out);
    }
    return 0;
  }

  private static void sheet(InferenceImages pixels, RecordKeys keys, int[] idx, java.util.function.IntFunction<String> caption,
      Path png, SplitRecords set) throws IOException {
    List<ContactSheet.Cell> cells = new ArrayList<>();
    for (int i = 0; i < idx.length; i++) {
      cells.add(new ContactSheet.Cell(pixels.pixels(idx, i, 1), caption.apply(i), keys.fileOrClass(idx[i])));
    }
    ContactSheet.write(cells, set.shape(), png);
  }
}
