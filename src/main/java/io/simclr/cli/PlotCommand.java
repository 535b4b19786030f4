package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.Plots;
import io.simclr.eval.SavedEncoder;
import io.simclr.run.MetricsLog;
import java.nio.file.Path;
import java.util.Arrays;
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
      "embeddings projected on their first two principal components, coloured by class).",
      "",
      "Example: plot --run runs/fm --model saved-models/fm --data data/fashion-mnist --out plots/fm"
    })
public final class PlotCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--run", description = "Pretraining run directory.")
  Path run;

  @Option(names = "--model", description = "Encoder SavedModel (for the embedding plot).")
  Path model;

  @Option(names = "--data", description = "Prepared dataset (its 'test' split is embedded).")
  Path data;

  @Option(names = "--max-points", defaultValue = "5000", description = "Test images in the embedding plot (default ${DEFAULT-VALUE}).")
  int maxPoints;

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
      try (SplitRecords test = SplitRecords.open(data, "test"); SavedEncoder enc = SavedEncoder.load(model)) {
        int n = Math.min(maxPoints, test.size());
        enc.requireCompatible(test.shape(), data);
        Plots.embeddings(enc.embed(test, n, 500), Arrays.copyOf(test.labels(), n), test.classNames(), out);
      }
    }
    System.out.println("plots written to " + out);
    return 0;
  }
}
