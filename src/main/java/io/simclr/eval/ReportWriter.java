package io.simclr.eval;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code linear-eval.json} and a readable {@code linear-eval.md}; returns the summary. */
public final class ReportWriter {
  private ReportWriter() {}

  public static String write(LinearEvalReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Json.writeFile(outDir.resolve("linear-eval.json"), report);
    List<String> names = report.classNames();
    StringBuilder md = new StringBuilder();
    md.append("# Linear evaluation\n\n");
    md.append("- model: `").append(report.model()).append("`\n");
    md.append("- data: `").append(report.data()).append("` (").append(report.trainImages())
        .append(" train, ").append(report.testImages()).append(" test)\n");
    md.append("- probe: ").append(report.probe()).append('\n');
    md.append("- kNN: ").append(report.knn() == null ? "off" : report.knn()).append('\n');
    md.append("- encoder variables unchanged: ").append(report.encoderUnchanged()).append("\n\n");
    StringBuilder summary = new StringBuilder();
    md.append("| features | dim | linear top-1 | linear top-5 | kNN top-1 | extract s | probe s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (EvalResult r : report.results()) {
      String knn = r.knn() == null ? "-" : pct(r.knn().top1());
      md.append(String.format("| %s | %d | %s | %s | %s | %.1f | %.1f |%n", r.source(), r.featureDim(),
          pct(r.linear().top1()), pct(r.linear().top5()), knn, r.extractSeconds(), r.probeSeconds()));
      summary.append(String.format("%-12s linear top-1 %s  top-5 %s  kNN top-1 %s%n", r.source(),
          pct(r.linear().top1()), pct(r.linear().top5()), knn));
    }
    for (EvalResult r : report.results()) {
      appendPerClass(md, r.source() + ": per class (linear probe)", r.linear(), names);
    }
    AtomicFiles.writeString(outDir.resolve("linear-eval.md"), md.toString());
    return summary.toString();
  }

  /** A "## title" section: per-class precision, recall, F1 and support, then the confusion matrix. */
  public static void appendPerClass(StringBuilder md, String title, ClassificationReport r, List<String> names) {
    md.append("\n## ").append(title).append("\n\n");
    md.append("| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
    for (var c : r.perClass()) {
      md.append(String.format("| %s | %.3f | %.3f | %.3f | %d |%n", c.name(), c.precision(), c.recall(), c.f1(), c.support()));
    }
    md.append("\nConfusion matrix (rows: true class, columns: predicted):\n\n| |");
    for (int c = 0; c < names.size(); c++) md.append(' ').append(c).append(" |");
    md.append("\n|---|").append("---:|".repeat(names.size())).append('\n');
    int[][] cm = r.confusion();
    for (int i = 0; i < cm.length; i++) {
      md.append("| ").append(i).append(' ').append(names.get(i)).append(" |");
      for (int v : cm[i]) md.append(' ').append(v).append(" |");
      md.append('\n');
    }
  }

  static String pct(double v) {
    return String.format("%.2f%%", 100 * v);
  }
}
