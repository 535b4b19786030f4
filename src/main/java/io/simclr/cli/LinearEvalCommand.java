package io.simclr.cli;

import io.simclr.eval.Baseline;
import io.simclr.eval.LinearEvalReport;
import io.simclr.eval.LinearEvaluation;
import io.simclr.eval.LinearProbe;
import io.simclr.eval.ReportWriter;
import io.simclr.export.RunExport;
import io.simclr.util.AtomicFiles;
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
      "Evaluate a frozen encoder SavedModel: extract features of the 'train' and 'test' splits",
      "once (batch norm in inference mode, no augmentation), fit a multinomial logistic",
      "regression on the train features and report top-1/top-5, per-class precision/recall/F1",
      "and the confusion matrix on test. Optional kNN and baselines for comparison.",
      "Writes linear-eval.json and linear-eval.md to --out.",
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

  @Option(names = "--probe-steps", defaultValue = "500", description = "Full-batch Adam steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--probe-lr", defaultValue = "0.01", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--l2", defaultValue = "1e-4", description = "L2 penalty on the weights (default ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--batch-size", defaultValue = "500", description = "Feature extraction batch (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
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
          new LinearEvaluation.Options(new LinearProbe.Settings(steps, lr, l2), knn, chosen, batchSize), System.err);
      System.out.print(ReportWriter.write(report, dir));
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
    System.out.println("report: " + dir.resolve("linear-eval.md"));
    return 0;
  }
}
