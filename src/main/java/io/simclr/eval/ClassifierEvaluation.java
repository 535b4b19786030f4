package io.simclr.eval;

import io.simclr.data.SplitRecords;
import io.simclr.export.ClassifierExporter;
import io.simclr.export.ExportContract;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import io.simclr.util.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.types.TFloat32;

/**
 * A classifier SavedModel measured on a prepared test split the way any consumer would use it
 * ({@code serving_default}): top-1/top-5, per-class precision/recall/F1 and the confusion matrix,
 * written as {@code report.json} and {@code report.md}.
 */
public final class ClassifierEvaluation {
  /** What the classifier scored, and on what. */
  public record Report(String model, String data, int testImages, ClassificationReport test) {}

  private ClassifierEvaluation() {}

  public static Report run(Path model, Path data, int batchSize) throws IOException {
    try (SplitRecords test = SplitRecords.open(data, "test"); InferenceImages images = new InferenceImages(test)) {
      float[][] probs;
      try (SavedModelBundle b = load(model)) {
        SessionFunction f = b.function(ExportContract.SERVING);
        probs = images.map(test.size(), batchSize, t -> {
          try (Result r = f.call(Map.of(ExportContract.INPUT, t))) {
            return InferenceImages.flat((TFloat32) r.get(ClassifierExporter.PROBABILITIES).orElseThrow());
          }
        });
      }
      return new Report(model.toAbsolutePath().toString(), data.toAbsolutePath().toString(), test.size(),
          ClassificationReport.of(test.labels(), probs, test.classNames()));
    }
  }

  private static SavedModelBundle load(Path model) throws IOException {
    try {
      return SavedModelBundle.loader(model.toString()).withTags("serve").load();
    } catch (RuntimeException e) {
      throw new IOException(model + ": cannot load SavedModel: " + Messages.firstLine(e), e);
    }
  }

  /** report.json and report.md in {@code outDir}; returns a one-line summary. */
  public static String write(Report r, Path outDir, String title) throws IOException {
    Files.createDirectories(outDir);
    Json.writeFile(outDir.resolve("report.json"), r);
    StringBuilder md = new StringBuilder("# " + title + "\n\n");
    md.append("- model: `").append(r.model()).append("`\n- data: `").append(r.data()).append("` (")
        .append(r.testImages()).append(" test images)\n");
    md.append(String.format("- top-1 %s, top-5 %s%n", ReportWriter.pct(r.test().top1()), ReportWriter.pct(r.test().top5())));
    ReportWriter.appendPerClass(md, "per class (test split)", r.test(), r.test().perClass().stream()
        .map(ClassificationReport.ClassMetrics::name).toList());
    AtomicFiles.writeString(outDir.resolve("report.md"), md.toString());
    return String.format("test top-1 %s, top-5 %s", ReportWriter.pct(r.test().top1()), ReportWriter.pct(r.test().top5()));
  }
}
