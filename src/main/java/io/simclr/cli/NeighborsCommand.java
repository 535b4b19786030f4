package io.simclr.cli;

import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageSet;
import io.simclr.data.Permutations;
import io.simclr.data.SplitRecords;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.Neighbours;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
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

  @Mixin ModelOnSplit io;

  @Option(names = "--split", defaultValue = "test", description = "Split of --data searched (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--queries", defaultValue = "10",
      description = "Without image arguments: queries sampled from the split (default ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "-k", defaultValue = "8", description = "Neighbours per query (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the query sample (default ${DEFAULT-VALUE}).")
  long seed;

  @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Query image files (PNG, JPEG, BMP, GIF, TIFF).")
  List<Path> images = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(k >= 1, "-k must be at least 1");
    try (ModelOnSplit.Opened opened = io.open(split)) {
      SavedEncoder enc = opened.encoder();
      SplitRecords set = opened.set();
      RecordKeys keys = new RecordKeys(set, split);
      InferenceImages pixels = opened.pixels();
      InvalidConfigException.check(set.size() > k, io.data + " split " + split + ": " + set.size()
          + " images, too few for " + k + " neighbours");
      float[][] all = Neighbours.normalizeRows(enc.embed(set, 500));
      int[] labels = set.labels();
      List<String> queryKeys = new ArrayList<>();
      List<float[]> queryPixels = new ArrayList<>();
      float[][] q;
      int[] exclude;
      if (images.isEmpty()) {
        InvalidConfigException.check(queries >= 1 && queries < set.size(), "--queries must be between 1 and "
            + (set.size() - 1));
        exclude = Permutations.sample(set.size(), queries, new Random(seed));
        q = new float[queries][];
        for (int i = 0; i < queries; i++) {
          q[i] = all[exclude[i]];
          queryKeys.add(keys.classOrFile(exclude[i]));
          queryPixels.add(pixels.pixels(exclude, i, 1));
        }
      } else {
        ImageSet files = ImageFolderReader.readFiles(images, enc.shape());
        q = Neighbours.normalizeRows(enc.embed(files, 500));
        exclude = new int[q.length];
        Arrays.fill(exclude, -1);
        try (InferenceImages filePixels = new InferenceImages(files)) {
          for (int i = 0; i < images.size(); i++) {
            queryKeys.add(images.get(i).getFileName().toString());
            queryPixels.add(filePixels.pixels(i, 1));
          }
        }
      }
      Neighbours.Result[] found = Neighbours.search(q, all, k, exclude);
      Path tmp = io.temp();
      StringBuilder csv = new StringBuilder("query,query_key,rank,index,key,similarity\n");
      int same = 0;
      int counted = 0;
      for (int i = 0; i < q.length; i++) {
        List<ContactSheet.Cell> cells = new ArrayList<>();
        boolean labelledQuery = exclude[i] >= 0 && labels[exclude[i]] >= 0;
        cells.add(new ContactSheet.Cell(queryPixels.get(i), "query", queryKeys.get(i)));
        int[] idx = found[i].indices();
        for (int r = 0; r < idx.length; r++) {
          String key = keys.classOrFile(idx[r]);
          csv.append(i).append(',').append(Csv.quote(queryKeys.get(i))).append(',').append(r + 1).append(',')
              .append(idx[r]).append(',').append(Csv.quote(key)).append(',')
              .append(String.format("%.5f", found[i].similarities()[r])).append('\n');
          cells.add(new ContactSheet.Cell(pixels.pixels(idx, r, 1), String.format("%.3f", found[i].similarities()[r]), key));
          if (labelledQuery) {
            counted++;
            same += labels[idx[r]] == labels[exclude[i]] ? 1 : 0;
          }
        }
        ContactSheet.write(cells, set.shape(), tmp.resolve(String.format("query-%02d.png", i)));
      }
      Files.writeString(tmp.resolve("neighbors.csv"), csv);
      io.commit(tmp);
      System.out.printf("%d queries, %d neighbours each among %d images of %s (%s)%s; written to %s%n", q.length, k,
          set.size(), io.data, split, counted > 0 ? String.format(
              ", %.1f%% of neighbours in the query's class (%d of %d)", 100.0 * same / counted, same, counted) : "",
          io.out);
    }
    return 0;
  }
}
