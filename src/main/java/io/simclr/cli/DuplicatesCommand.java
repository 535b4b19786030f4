package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.DuplicateGroups;
import io.simclr.eval.Duplicates;
import io.simclr.eval.NeighbourSearch;
import io.simclr.eval.Neighbours;
import io.simclr.eval.PixelCheck;
import io.simclr.eval.VectorIndex;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
import java.io.BufferedWriter;
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
      "Every pair whose SavedModel embeddings reach --threshold among each image's --candidates",
      "nearest (an approximate index, Lucene HNSW; --exact compares all pairs), grouped by connection.",
      "Memory holds the embeddings and the index: pairs stream to disk as they are found.",
      "Each pair is then checked on the images (--pixel-check). identical.csv lists images whose decoded",
      "pixels are equal, whatever their embeddings.",
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

  @Option(names = "--exact", description = {"Compare all pairs by brute force (N^2 work: minutes at 40,000 images),",
      "instead of each image with its --candidates nearest through an approximate index (Lucene HNSW)."})
  boolean exact;

  @Option(names = "--candidates", defaultValue = "10",
      description = "Nearest images the index returns for each image, the pairs it can find (default ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--pixel-check", paramLabel = "R", defaultValue = "0.985",
      description = {"Keep a pair only if its gray images (at most 32x32) correlate at least this much at their",
          "best alignment (Pearson; mirrored, shifted by a pixel, or cropped by 1-2 pixels and scaled back;",
          "default ${DEFAULT-VALUE}): the embeddings propose, the pixels decide."})
  double pixelCheck;

  @Option(names = "--embeddings-only", description = "Skip the pixel check: every pair at --threshold is kept.")
  boolean embeddingsOnly;

  @Option(names = "--max-pairs", defaultValue = "1000000",
      description = {"Stop with an error, writing nothing, past this many pairs (default ${DEFAULT-VALUE}):",
          "so many pairs mean the threshold is too low or the encoder untrained or collapsed."})
  long maxPairs;

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(threshold > -1 && threshold <= 1, "--threshold must be in (-1, 1]");
    InvalidConfigException.check(sheets >= 0, "--sheets must be 0 or more");
    InvalidConfigException.check(maxPairs >= 1, "--max-pairs must be 1 or more");
    InvalidConfigException.check(candidates >= 1, "--candidates must be 1 or more");
    InvalidConfigException.check(pixelCheck >= -1 && pixelCheck <= 1, "--pixel-check must be in [-1, 1]");
    try (ModelOnSplit.Opened opened = io.open(split)) {
      SavedEncoder enc = opened.encoder();
      SplitRecords set = opened.set();
      long t0 = System.nanoTime();
      float[][] e = Neighbours.normalizeRows(enc.embed(set, 500));
      long t1 = System.nanoTime();
      String[] keys = quotedKeys(set);
      PixelCheck.Fingerprints prints = PixelCheck.of(set, opened.pixels());
      long[] rejected = {0};
      Path tmp = io.temp();
      boolean committed = false;
      try {
        DuplicateGroups groups = new DuplicateGroups(e.length);
        long pairs;
        int saturated = 0;
        try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("pairs.csv"))) {
          w.write("a,b,key_a,key_b,similarity,pixel_correlation\n");
          Duplicates.PairSink sink = (a, b, sim) -> {
            double r = prints.correlation(a, b);
            if (!embeddingsOnly && r < pixelCheck) {
              rejected[0]++;
              return;
            }
            groups.join(a, b);
            w.write(a + "," + b + "," + keys[a] + "," + keys[b] + "," + String.format("%.5f,%.4f", sim, r) + "\n");
          };
          if (exact) {
            pairs = Duplicates.scan(e, threshold, maxPairs, tmp, sink);
          } else {
            Neighbours.Result[] nn = NeighbourSearch.approximate(e, VectorIndex.Settings.defaults(),
                Runtime.getRuntime().availableProcessors()).all(Math.min(candidates, e.length - 1));
            Duplicates.Candidates found = Duplicates.fromNeighbours(e, nn, threshold, maxPairs, sink);
            pairs = found.pairs();
            saturated = found.saturatedRows();
          }
        } catch (Duplicates.TooManyPairsException tooMany) {
          throw new IllegalStateException(String.format("%s (%s): %s: most pairs are above the threshold: the encoder"
              + " is untrained or collapsed, or the threshold is too low; raise --threshold (or --max-pairs, with"
              + " --exact, to keep them all); nothing written", io.data, split, tooMany.getMessage()));
        }
        long t2 = System.nanoTime();
        writeGroups(groups, keys, tmp);
        int identicalGroups = writeIdentical(prints, keys, tmp);
        writeSheets(groups, new RecordKeys(set, split), set, opened.pixels(), tmp);
        io.commit(tmp);
        committed = true;
        System.out.printf("%d pairs at cosine >= %s among %d images of %s (%s, %s)%s: %d groups holding %d images;"
            + " %d groups of identical images; written to %s%n", pairs - rejected[0], threshold, e.length, io.data, split,
            exact ? "all pairs" : "each image's " + candidates + " nearest", embeddingsOnly ? ""
            : String.format(", %d more failed the pixel check at %s", rejected[0], pixelCheck), groups.count(),
            groups.images(), identicalGroups, io.out);
        System.out.printf("seconds: embedding %.1f, keys, fingerprints, search, pixel check and pairs.csv %.1f, groups,"
            + " sheets and commit %.1f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
        if (saturated > 0) {
          System.out.printf("note: %d images have all %d of their nearest at the threshold or above and may have more "
              + "duplicates: raise --candidates (or --exact)%n", saturated, candidates);
        }
      } finally {
        if (!committed) {
          AtomicFiles.deleteRecursively(tmp);
        }
      }
    }
    return 0;
  }

  /** Every image's key, CSV-quoted, read once: a pair's row must not read its records again. */
  private String[] quotedKeys(SplitRecords set) throws IOException {
    RecordKeys keys = new RecordKeys(set, split);
    String[] out = new String[set.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Csv.quote(keys.fileOrClass(i));
    }
    return out;
  }

  /** Groups of images with equal decoded pixels (same_bytes: the stored file is the group's first one's too). */
  private static int writeIdentical(PixelCheck.Fingerprints prints, String[] keys, Path dir) throws IOException {
    long[] hash = prints.pixelsHash();
    Integer[] order = new Integer[hash.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> hash[a] != hash[b] ? Long.compare(hash[a], hash[b]) : Integer.compare(a, b));
    int group = 0;
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("identical.csv"))) {
      w.write("group,index,key,same_bytes\n");
      for (int s = 0; s < order.length; ) {
        int e = s;
        while (e + 1 < order.length && hash[order[e + 1]] == hash[order[s]]) {
          e++;
        }
        if (e > s) {
          for (int m = s; m <= e; m++) {
            w.write(group + "," + order[m] + "," + keys[order[m]] + ","
                + (prints.bytesHash()[order[m]] == prints.bytesHash()[order[s]]) + "\n");
          }
          group++;
        }
        s = e + 1;
      }
    }
    return group;
  }

  private static void writeGroups(DuplicateGroups groups, String[] keys, Path dir) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("groups.csv"))) {
      w.write("group,index,key\n");
      for (int i = 0; i < groups.count(); i++) {
        for (int idx : groups.group(i)) {
          w.write(i + "," + idx + "," + keys[idx] + "\n");
        }
      }
    }
  }

  private void writeSheets(DuplicateGroups groups, RecordKeys keys, SplitRecords set, InferenceImages pixels, Path dir)
      throws IOException {
    for (int i = 0; i < Math.min(sheets, groups.count()); i++) {
      int[] members = groups.group(i);
      List<ContactSheet.Cell> cells = new ArrayList<>();
      for (int m = 0; m < Math.min(10, members.length); m++) {
        cells.add(new ContactSheet.Cell(pixels.pixels(members, m, 1), "#" + members[m], keys.fileOrClass(members[m])));
      }
      ContactSheet.write(cells, set.shape(), dir.resolve(String.format("group-%03d.png", i)));
    }
  }
}
