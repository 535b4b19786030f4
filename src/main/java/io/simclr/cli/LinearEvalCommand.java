package io.simclr.cli;

import io.simclr.eval.Baseline;
import io.simclr.eval.LinearEvalReport;
import io.simclr.eval.LinearEvaluation;
import io.simclr.eval.LinearProbe;
import io.simclr.eval.ReportWriter;
import io.simclr.export.RunExport;
import io.simclr.util.AtomicFiles;
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
    name = "linear-eval",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Evaluate a frozen encoder SavedModel with the paper's linear probe.",
      "It extracts features of the 'train' and 'test' splits once (batch norm in inference mode,",
      "no augmentation), fits an L2-regularised multinomial logistic regression by the SimCLR",
      "paper's protocol (L-BFGS; strength chosen on a held-out validation split, then refit on all",
      "training images) and reports top-1/top-5, per-class",
      "precision/recall/F1 and the confusion matrix on test. Optional kNN and baselines, fitted",
      "the same way. Writes linear-eval.json, linear-eval.md and probe-validation.png to --out.",
      "",
      "Example: linear-eval --model saved-models/fm --data data/fashion-mnist \\",
      "           --baseline raw-pixels --baseline random-init --knn 200"
    })
public final class LinearEvalCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, description = "Encoder SavedModel directory.")
  Path model;

  @Option(names = "--data", required = true, description = "Prepared dataset with 'train' and 'test' splits.")
  Path data;

  @Option(names = "--out", description = "Report directory (default: <model>-linear-eval).")
  Path out;

  /** The baselines on offer. */
  enum BaselineChoice {
    RAW_PIXELS("raw-pixels"),
    RANDOM_INIT("random-init");

    private final String label;

    BaselineChoice(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @Option(names = "--baseline", description = "${COMPLETION-CANDIDATES} (repeatable): raw-pixels, and an encoder "
      + "of the same architecture with random weights (exported like the real one).")
  List<BaselineChoice> baselines = List.of();

  @Option(names = "--knn", defaultValue = "0", description = "Also run weighted kNN with this k (e.g. 200); 0 = off.")
  int knn;

  @Option(names = "--probe", defaultValue = "sweep",
      description = "sweep: choose the L2 strength on a class-balanced validation split over the paper's 45 "
          + "values (1e-6..1e5), then refit on the whole training split (the paper's protocol); "
          + "fixed: one fit with --l2 (default ${DEFAULT-VALUE}).")
  LinearProbe.Protocol probe;

  @Option(names = "--l2", description = "L2 strength for --probe fixed.")
  Double l2;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the validation split (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--batch-size", defaultValue = "500", description = "Feature extraction batch (default ${DEFAULT-VALUE}).")
  int batchSize;

  private LinearProbe.Settings probeSettings() {
    LinearProbe.Settings paper = LinearProbe.Settings.paper(seed);
    if (probe == LinearProbe.Protocol.SWEEP) {
      if (l2 != null) {
        throw new InvalidConfigException("--l2 needs --probe fixed (the sweep chooses the strength)");
      }
      return paper;
    }
    if (l2 == null || !(l2 >= 0) || Double.isInfinite(l2)) {
      throw new InvalidConfigException("--probe fixed needs --l2 >= 0, got " + l2);
    }
    return paper.withFixedL2(l2);
  }

  @Override
  public Integer call() throws Exception {
    LinearProbe.Settings settings = probeSettings();
    Path dir = out != null ? out : model.resolveSibling(model.getFileName() + "-linear-eval");
    Path tmp = Files.createTempDirectory("simclr-baselines");
    try {
      List<Baseline> chosen = new ArrayList<>();
      for (BaselineChoice b : baselines) {
        chosen.add(switch (b) {
          case RAW_PIXELS -> new Baseline.RawPixels();
          case RANDOM_INIT -> {
            Path twin = tmp.resolve("random-init");
            RunExport.randomInitTwin(model, twin);
            yield new Baseline.SavedModel(b.toString(), twin);
          }
        });
      }
      LinearEvalReport report = LinearEvaluation.run(model, data,
          new LinearEvaluation.Options(settings, knn, chosen, batchSize), System.err);
      System.out.print(ReportWriter.write(report, dir));
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
    System.out.println("report: " + dir.resolve("linear-eval.md"));
    return 0;
  }
}
