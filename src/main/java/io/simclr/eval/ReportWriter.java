package io.simclr.eval;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes {@code linear-eval.json} and a readable {@code linear-eval.md}; returns the summary. */
public final class ReportWriter {
  private ReportWriter() {}

  @SuppressWarnings("unchecked")
  public static String write(Map<String, Object> report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Json.writeFile(outDir.resolve("linear-eval.json"), report);
    List<EvalResult> results = (List<EvalResult>) report.get("results");
    List<String> names = (List<String>) report.get("classNames");
    StringBuilder md = new StringBuilder();
    md.append("# Linear evaluation\n\n");
    md.append("- model: `").append(report.get("model")).append("`\n");
    md.append("- data: `").append(report.get("data")).append("` (").append(report.get("trainImages"))
        .append(" train, ").append(report.get("testImages")).append(" test)\n");
    md.append("- probe: ").append(report.get("probe")).append('\n');
    md.append("- kNN: ").append(report.get("knn")).append('\n');
    md.append("- encoder variables unchanged: ")
        .append(report.get("encoderVariablesSha256Before").equals(report.get("encoderVariablesSha256After")))
        .append("\n\n");
    StringBuilder summary = new StringBuilder();
    md.append("| features | dim | linear top-1 | linear top-5 | kNN top-1 | extract s | probe s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (EvalResult r : results) {
      String knn = r.knn() == null ? "-" : pct(r.knn().top1());
      md.append(String.format("| %s | %d | %s | %s | %s | %.1f | %.1f |%n", r.source(), r.featureDim(),
          pct(r.linear().top1()), pct(r.linear().top5()), knn, r.extractSeconds(), r.probeSeconds()));
      summary.append(String.format("%-12s linear top-1 %s  top-5 %s  kNN top-1 %s%n", r.source(),
          pct(r.linear().top1()), pct(r.linear().top5()), knn));
    }
    for (EvalResult r : results) {
      md.append("\n## ").append(r.source()).append(": per class (linear probe)\n\n");
      md.append("| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
      for (var c : r.linear().perClass()) {
        md.append(String.format("| %s | %.3f | %.3f | %.3f | %d |%n", c.name(), c.precision(), c.recall(), c.f1(), c.support()));
      }
      md.append("\nConfusion matrix (rows: true class, columns: predicted):\n\n| |");
      for (int c = 0; c < names.size(); c++) md.append(' ').append(c).append(" |");
      md.append("\n|---|").append("---:|".repeat(names.size())).append('\n');
      int[][] cm = r.linear().confusion();
      for (int i = 0; i < cm.length; i++) {
        md.append("| ").append(i).append(' ').append(names.get(i)).append(" |");
        for (int v : cm[i]) md.append(' ').append(v).append(" |");
        md.append('\n');
      }
    }
    AtomicFiles.writeString(outDir.resolve("linear-eval.md"), md.toString());
    return summary.toString();
  }

  private static String pct(double v) {
    return String.format("%.2f%%", 100 * v);
  }
}
