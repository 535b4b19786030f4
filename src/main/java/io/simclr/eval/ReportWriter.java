package io.simclr.eval;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code linear-eval.json} and a readable {@code linear-eval.md}; returns the summary. */
public final class ReportWriter {
  static final String VALIDATION_PNG = "probe-validation.png";

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
    md.append("- probe: ").append(describe(report.probe())).append('\n');
    md.append("- kNN: ").append(report.knn() == null ? "off" : report.knn()).append('\n');
    md.append("- encoder variables unchanged: ").append(report.encoderUnchanged()).append("\n\n");
    StringBuilder summary = new StringBuilder();
    md.append("| features | dim | linear top-1 | linear top-5 | kNN top-1 | probe l2 | L-BFGS iterations | converged | extract s | probe s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
    for (EvalResult r : report.results()) {
      String knn = r.knn() == null ? "-" : pct(r.knn().top1());
      LinearProbe.Solve refit = r.probe().refit();
      md.append(String.format("| %s | %d | %s | %s | %s | %.3g%s | %d | %s | %.1f | %.1f |%n", r.source(), r.featureDim(),
          pct(r.linear().top1()), pct(r.linear().top5()), knn, r.probe().l2(),
          r.probe().chosenAtGridEdge() ? " (grid edge)" : "", refit.iterations(),
          refit.converged() ? "yes" : "no (" + refit.status() + ")", r.extractSeconds(), r.probeSeconds()));
      summary.append(String.format("%-12s linear top-1 %s  top-5 %s  kNN top-1 %s%n", r.source(),
          pct(r.linear().top1()), pct(r.linear().top5()), knn));
    }
    for (EvalResult r : report.results()) {
      appendPerClass(md, r.source() + ": per class (linear probe)", r.linear(), names);
    }
    if (report.probe().protocol() == LinearProbe.Protocol.SWEEP) {
      Plots.validationCurves(report.results(), outDir.resolve(VALIDATION_PNG));
      md.append("\nValidation accuracy per strength: `").append(VALIDATION_PNG).append("` (values in linear-eval.json).\n");
    }
    AtomicFiles.writeString(outDir.resolve("linear-eval.md"), md.toString());
    return summary.toString();
  }

  private static String describe(LinearEvalReport.ProbeDescription p) {
    String solver = String.format("L-BFGS to |grad| <= %.0e (at most %d iterations)",
        p.refitSolver().gradientTolerance(), p.refitSolver().maxIterations());
    if (p.protocol() == LinearProbe.Protocol.FIXED) {
      return String.format("L2-regularised multinomial logistic regression, fixed l2 %.3g, %s", p.fixedL2(), solver);
    }
    return String.format("L2-regularised multinomial logistic regression; l2 chosen by validation accuracy on "
        + "%.0f%% of each class held out (seed %d) over %d log-spaced values %.0e..%.0e (from the strongest; "
        + "stopped once %d in a row fell short of the best), then refit on all training images; features "
        + "PCA-whitened, penalty on the white weights; %s", 100 * p.validationFraction(), p.validationSeed(),
        p.grid().size(), p.grid().get(0), p.grid().get(p.grid().size() - 1), p.patience(), solver);
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
