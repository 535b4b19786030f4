package io.simclr.eval;

import io.simclr.data.DataFormatException;
import io.simclr.data.ImageRecords;
import io.simclr.data.SplitRecords;
import io.simclr.data.Manifest;
import io.simclr.metrics.KnnClassifier;
import io.simclr.data.PreparedDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second stage: loads a SavedModel frozen, extracts features once, fits a linear probe (and
 * kNN), and does the same for the requested baselines, so every report shows what pretraining
 * added. It depends only on SavedModels and prepared datasets, never on the training code.
 */
public final class LinearEvaluation {
  /** What to run. */
  public record Options(LinearProbe.Settings probe, int knnK, List<Baseline> baselines, int batchSize) {}

  private LinearEvaluation() {}

  public static LinearEvalReport run(Path model, Path data, Options o, PrintStream log) throws IOException {
    Manifest m = PreparedDataset.readManifest(data);
    if (!m.labelled()) {
      throw new DataFormatException(data.resolve(Manifest.FILE_NAME), "has no labels; linear evaluation needs them");
    }
    try (SplitRecords train = SplitRecords.open(data, "train"); SplitRecords test = SplitRecords.open(data, "test")) {
      return run(model, data, train, test, o, log);
    }
  }

  private static LinearEvalReport run(Path model, Path data, SplitRecords train, SplitRecords test, Options o,
      PrintStream log) throws IOException {
    List<EvalResult> results = new ArrayList<>();
    String before;
    String after;
    try (SavedEncoder enc = SavedEncoder.load(model)) {
      enc.requireCompatible(train.shape(), data);
      before = enc.variablesDigest();
      results.add(evaluate(encoderFeatures("simclr", enc, train, test, o.batchSize()), train, test, o, log));
      after = enc.variablesDigest();
    }
    if (!before.equals(after)) {
      throw new IllegalStateException(model + ": encoder variables changed during evaluation");
    }
    for (Baseline b : o.baselines()) {
      FeatureSet f;
      if (b instanceof Baseline.SavedModel other) {
        try (SavedEncoder enc = SavedEncoder.load(other.dir())) {
          enc.requireCompatible(train.shape(), data);
          f = encoderFeatures(other.name(), enc, train, test, o.batchSize());
        }
      } else {
        f = FeatureSet.rawPixels(train, test, data);
      }
      results.add(evaluate(f, train, test, o, log));
    }
    return new LinearEvalReport(model.toAbsolutePath().toString(), data.toAbsolutePath().toString(),
        PreparedDataset.sha256(data.resolve(Manifest.FILE_NAME)), train.size(), test.size(),
        LinearEvalReport.ProbeDescription.of(o.probe()),
        o.knnK() > 0 ? new LinearEvalReport.KnnSettings(o.knnK(), KnnClassifier.TEMPERATURE, "cosine") : null,
        before, after, train.classNames(), results);
  }

  private static FeatureSet encoderFeatures(String source, SavedEncoder enc, ImageRecords train, ImageRecords test,
      int batch) throws IOException {
    long t0 = System.nanoTime();
    float[][] tr = enc.embed(train, batch);
    float[][] te = enc.embed(test, batch);
    return new FeatureSet(source, tr, te, (System.nanoTime() - t0) / 1e9);
  }
  private static EvalResult evaluate(FeatureSet f, ImageRecords train, ImageRecords test, Options o, PrintStream log) {
    log.printf("%s: %d-d features extracted in %.1f s; fitting linear probe%n", f.source(), f.train()[0].length, f.extractSeconds());
    long t0 = System.nanoTime();
    LinearProbe.Fit probe = LinearProbe.train(f.train(), train.labels(), train.numClasses(), o.probe());
    double probeSecs = (System.nanoTime() - t0) / 1e9;
    LinearProbe.Summary p = probe.summary();
    log.printf("%s: probe l2 %.3g (%s), refit %d L-BFGS iterations, |grad| %.2g, %s, %.1f s%n", f.source(), p.l2(),
        p.protocol() == LinearProbe.Protocol.SWEEP ? "best of " + p.curve().size() + " on validation" : "fixed",
        p.refit().iterations(), p.refit().gradientNorm(), p.refit().converged() ? "converged" : "NOT converged: " + p.refit().status(),
        probeSecs);
    if (p.chosenAtGridEdge()) {
      log.printf("%s: warning: the best strength is at the edge of the grid%n", f.source());
    }
    ClassificationReport linear = ClassificationReport.of(test.labels(), probe.model().scores(f.test()), test.classNames());
    ClassificationReport knn = o.knnK() > 0
        ? ClassificationReport.of(test.labels(),
            KnnClassifier.scores(f.train(), train.labels(), f.test(), train.numClasses(), o.knnK()), test.classNames())
        : null;
    log.printf("%s: linear top-1 %.2f%%%s%n", f.source(), 100 * linear.top1(),
        knn == null ? "" : String.format(", kNN top-1 %.2f%%", 100 * knn.top1()));
    return new EvalResult(f.source(), f.train()[0].length, f.extractSeconds(), probeSecs, p, linear, knn);
  }
}
