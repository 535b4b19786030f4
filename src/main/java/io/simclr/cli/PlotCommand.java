package io.simclr.cli;

import io.simclr.data.Permutations;
import io.simclr.data.SplitRecords;
import io.simclr.eval.Plots;
import io.simclr.eval.SavedEncoder;
import io.simclr.eval.Tsne;
import io.simclr.metrics.MetricsLog;
import io.simclr.util.InvalidConfigException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Draw PNG plots of a run's metrics and of a model's test embeddings.",
      "training.png (per-epoch loss and contrastive accuracy), learning-rate.png and, where",
      "logged, monitor.png (online probe, kNN) and health.png (effective rank, alignment, uniformity)",
      "from a run's metrics.jsonl; with --model and --data also embeddings-pca.png (test",
      "embeddings projected on their first two principal components, coloured by class) and, with",
      "--tsne, embeddings-tsne.png (a t-SNE map of cosine geometry, as in the SimCLR paper's appendix).",
      "The embedded test images are a seeded sample of the split (all of it when it is small enough).",
      "",
      "Example: plot --run runs/fm --model saved-models/fm --data data/fashion-mnist --tsne --out plots/fm"
    })
public final class PlotCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--run", description = "Pretraining run directory.")
  Path run;

  @Option(names = "--model", description = "Encoder SavedModel (for the embedding plot).")
  Path model;

  @Option(names = "--data", description = "Prepared dataset (its 'test' split is embedded).")
  Path data;

  @Option(names = "--max-points", defaultValue = "5000", description = "Test images in the PCA plot (default ${DEFAULT-VALUE}).")
  int maxPoints;

  @Option(names = "--tsne", description = "Also draw a t-SNE map of the test embeddings (exact t-SNE: "
      + "about a minute for 2,000 images on 2 cores, growing with the square of --tsne-points).")
  boolean tsne;

  @Option(names = "--tsne-points", defaultValue = "2000", description = "Test images in the t-SNE map, a part of "
      + "the PCA plot's sample (default ${DEFAULT-VALUE}, at most " + Tsne.MAX_POINTS + ").")
  int tsnePoints;

  @Option(names = "--perplexity", defaultValue = "30", description = "t-SNE perplexity: about how many "
      + "neighbours each image's map keeps close (default ${DEFAULT-VALUE}).")
  double perplexity;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the test sample and of t-SNE's start "
      + "(default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Directory for the PNG files.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (run == null && (model == null || data == null)) {
      throw new IllegalArgumentException("give --run, or --model with --data, or all three");
    }
    if (run != null) {
      Plots.training(run.resolve(MetricsLog.FILE_NAME), out);
    }
    if (model != null && data != null) {
      InvalidConfigException.check(maxPoints > 0, "--max-points must be positive, got " + maxPoints);
      InvalidConfigException.check(!tsne || (tsnePoints > 1 && tsnePoints <= Tsne.MAX_POINTS),
          "--tsne-points must be in [2, " + Tsne.MAX_POINTS + "], got " + tsnePoints);
      try (SplitRecords test = SplitRecords.open(data, "test"); SavedEncoder enc = SavedEncoder.load(model)) {
        enc.requireCompatible(test.shape(), data);
        // a uniform sample in draw order, so its first tsnePoints rows are one too
        int[] sample = Permutations.sample(test.size(), Math.min(maxPoints, test.size()), new Random(seed));
        int mapped = Math.min(tsnePoints, sample.length);
        if (tsne) {
          Tsne.check(mapped, perplexity);
        }
        float[][] x = enc.embed(test, sample, 500);
        int[] all = test.labels();
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) labels[i] = all[sample[i]];
        Plots.embeddings(x, labels, test.classNames(), out);
        if (tsne) {
          System.out.println("t-SNE of " + mapped + " test embeddings ...");
          Plots.tsne(Arrays.copyOf(x, mapped), Arrays.copyOf(labels, mapped), test.classNames(), perplexity, seed, out);
        }
      }
    }
    System.out.println("plots written to " + out);
    return 0;
  }
}
