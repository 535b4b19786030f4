package io.simclr.cli;

import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageSet;
import io.simclr.data.SplitRecords;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.Neighbours;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "neighbors",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "The images of a dataset most like each query image (cosine similarity of embeddings).",
      "Exact search over a SavedModel's embeddings of the whole split.",
      "Queries: --queries N images sampled (seeded) from the split, each searched against the rest",
      "of it, or image files given as arguments. Output in --out: neighbors.csv (query, rank,",
      "index, key, similarity) and query-<i>.png per query (the query, then its neighbours with",
      "their similarity and class or file under each). With labels, prints the share of",
      "neighbours in the query's class.",
      "",
      "Example: neighbors --model saved-models/fm --data data/fashion-mnist --queries 10 --out nn"
    })
public final class NeighborsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, description = "Encoder SavedModel directory.")
  Path model;

  @Option(names = "--data", required = true, description = "Prepared dataset directory: the images searched.")
  Path data;

  @Option(names = "--split", defaultValue = "test", description = "Split of --data searched (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--queries", defaultValue = "10",
      description = "Without image arguments: queries sampled from the split (default ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "-k", defaultValue = "8", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the query sample (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output directory (written whole, or not at all).")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Query image files (PNG, JPEG, BMP, GIF, TIFF).")
  List<Path> images = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(k >= 1, "-k must be at least 1");
    Overwrite overwrite = Overwrite.force(force);
    overwrite.check(out);
    try (SavedEncoder enc = SavedEncoder.load(model); SplitRecords set = SplitRecords.open(data, split);
        InferenceImages pixels = new InferenceImages(set)) {
      enc.requireCompatible(set.shape(), data);
      InvalidConfigException.check(set.size() > k, data + " split " + split + ": " + set.size()
          + " images, too few for " + k + " neighbours");
      float[][] all = Neighbours.normalized(enc.embed(set, 500));
      int[] labels = set.labels();
      List<String> queryKeys = new ArrayList<>();
      List<float[]> queryPixels = new ArrayList<>();
      float[][] q;
      int[] exclude;
      if (images.isEmpty()) {
        InvalidConfigException.check(queries >= 1 && queries < set.size(), "--queries must be between 1 and "
            + (set.size() - 1));
        exclude = sample(set.size(), queries, seed);
        q = new float[queries][];
        for (int i = 0; i < queries; i++) {
          q[i] = all[exclude[i]];
          queryKeys.add(key(set, exclude[i]));
          queryPixels.add(pixels.pixels(exclude, i, 1));
        }
      } else {
        ImageSet files = ImageFolderReader.readFiles(images, enc.shape());
        q = Neighbours.normalized(enc.embed(files, 500));
        exclude = new int[q.length];
        Arrays.fill(exclude, -1);
        int per = files.shape().pixelsPerImage();
        for (int i = 0; i < images.size(); i++) {
          queryKeys.add(images.get(i).getFileName().toString());
          float[] px = new float[per];
          for (int j = 0; j < per; j++) {
            px[j] = (files.pixels()[i * per + j] & 0xff) / 255f;
          }
          queryPixels.add(px);
        }
      }
      Neighbours.Result[] found = Neighbours.search(q, all, k, exclude);
      Path tmp = AtomicFiles.tempSibling(out);
      StringBuilder csv = new StringBuilder("query,query_key,rank,index,key,similarity\n");
      int same = 0;
      int counted = 0;
      for (int i = 0; i < q.length; i++) {
        List<ContactSheet.Cell> cells = new ArrayList<>();
        String queryClass = exclude[i] >= 0 && labels[exclude[i]] >= 0 ? set.classNames().get(labels[exclude[i]]) : null;
        cells.add(new ContactSheet.Cell(queryPixels.get(i), "query", queryKeys.get(i)));
        int[] idx = found[i].indices();
        for (int r = 0; r < idx.length; r++) {
          String key = key(set, idx[r]);
          csv.append(i).append(',').append(Csv.quote(queryKeys.get(i))).append(',').append(r + 1).append(',')
              .append(idx[r]).append(',').append(Csv.quote(key)).append(',')
              .append(String.format("%.5f", found[i].similarities()[r])).append('\n');
          cells.add(new ContactSheet.Cell(pixels.pixels(idx, r, 1), String.format("%.3f", found[i].similarities()[r]), key));
          if (queryClass != null) {
            counted++;
            same += labels[idx[r]] == labels[exclude[i]] ? 1 : 0;
          }
        }
        ContactSheet.write(cells, set.shape(), tmp.resolve(String.format("query-%02d.png", i)));
      }
      Files.writeString(tmp.resolve("neighbors.csv"), csv);
      AtomicFiles.commitDirectory(tmp, out, overwrite);
      System.out.printf("%d queries, %d neighbours each among %d images of %s (%s)%s; written to %s%n", q.length, k,
          set.size(), data, split, counted > 0 ? String.format(
              ", %.1f%% of neighbours in the query's class (%d of %d)", 100.0 * same / counted, same, counted) : "",
          out);
    }
    return 0;
  }

  /** The class, else the source file name, else split:index. */
  private String key(SplitRecords set, int i) throws java.io.IOException {
    int label = set.labels()[i];
    if (label >= 0) {
      return set.classNames().get(label);
    }
    String name = set.name(i);
    return name.isEmpty() ? split + ":" + i : name;
  }

  /** {@code n} distinct indices of [0, size), seeded, in sampling order. */
  static int[] sample(int size, int n, long seed) {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) {
      all[i] = i;
    }
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      int j = i + r.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, n);
  }
}
