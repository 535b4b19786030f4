package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.Clustering;
import io.simclr.eval.ContactSheet;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.metrics.ClusterAgreement;
import io.simclr.util.Csv;
import io.simclr.util.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Clusters of a dataset: k-means++ on a SavedModel's L2-normalised embeddings (seeded).",
      "Output in --out: clusters.csv (index, key, cluster; clusters numbered by size) and",
      "cluster-<c>.png (its first 10 images). With labels, prints and writes (agreement.txt) the",
      "clustering's agreement with them: NMI and adjusted Rand index.",
      "",
      "Example: cluster --model saved-models/fm --data data/fashion-mnist -k 10 --out clusters"
    })
public final class ClusterCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin ModelOnSplit io;

  @Option(names = "--split", defaultValue = "test", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "-k", defaultValue = "10", description = "Clusters (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial centres (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--iterations", defaultValue = "100", description = "Most k-means iterations (default ${DEFAULT-VALUE}).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(k >= 2, "-k must be at least 2");
    InvalidConfigException.check(iterations >= 1, "--iterations must be at least 1");
    try (ModelOnSplit.Opened opened = io.open(split)) {
      SavedEncoder enc = opened.encoder();
      SplitRecords set = opened.set();
      RecordKeys keys = new RecordKeys(set, split);
      InferenceImages pixels = opened.pixels();
      InvalidConfigException.check(set.size() >= k, io.data + " split " + split + ": " + set.size()
          + " images, fewer than -k " + k);
      int[] cluster = Clustering.kMeans(enc.embed(set, 500), k, seed, iterations);
      int[] labels = set.labels();
      Path tmp = io.temp();
      StringBuilder csv = new StringBuilder("index,key,cluster\n");
      for (int i = 0; i < cluster.length; i++) {
        csv.append(i).append(',').append(Csv.quote(keys.fileOrClass(i))).append(',').append(cluster[i]).append('\n');
      }
      Files.writeString(tmp.resolve("clusters.csv"), csv);
      for (int c = 0; c < k; c++) {
        int cc = c;
        int[] members = IntStream.range(0, cluster.length).filter(i -> cluster[i] == cc).limit(10).toArray();
        List<ContactSheet.Cell> cells = new ArrayList<>();
        for (int m = 0; m < members.length; m++) {
          int i = members[m];
          cells.add(new ContactSheet.Cell(pixels.pixels(members, m, 1), "cluster " + c,
              labels[i] >= 0 ? set.classNames().get(labels[i]) : "#" + i));
        }
        if (!cells.isEmpty()) {
          ContactSheet.write(cells, set.shape(), tmp.resolve(String.format("cluster-%02d.png", c)));
        }
      }
      String agreement = "";
      if (IntStream.of(labels).allMatch(l -> l >= 0) && set.classNames().size() >= 2) {
        agreement = String.format("NMI %.4f, adjusted Rand index %.4f against the %d classes",
            ClusterAgreement.nmi(labels, cluster), ClusterAgreement.ari(labels, cluster), set.classNames().size());
        Files.writeString(tmp.resolve("agreement.txt"), agreement + "\n");
      }
      io.commit(tmp);
      System.out.printf("%d clusters of %d images of %s (%s)%s; written to %s%n", k, cluster.length, io.data, split,
          agreement.isEmpty() ? "" : ": " + agreement, io.out);
    }
    return 0;
  }
}
