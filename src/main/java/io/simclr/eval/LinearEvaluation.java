package io.simclr.eval;

import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.export.EncoderExporter;
import io.simclr.export.ExportContract;
import io.simclr.train.RunInfo;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second stage: loads a SavedModel frozen, extracts features once, fits a linear probe (and
 * kNN), and does the same for the requested baselines, so every report shows what pretraining
 * added.
 */
public final class LinearEvaluation {
  /** What to run. */
  public record Options(LinearProbe.Settings probe, int knnK, List<String> baselines, int batchSize) {}

  private LinearEvaluation() {}

  public static Map<String, Object> run(Path model, Path data, Options o, PrintStream log) throws IOException {
    ImageSet train = PreparedDataset.read(data, "train");
    ImageSet test = PreparedDataset.read(data, "test");
    List<EvalResult> results = new ArrayList<>();
    String before;
    String after;
    try (SavedEncoder enc = SavedEncoder.load(model)) {
      enc.requireCompatible(train, data);
      before = enc.variablesDigest();
      results.add(evaluate(encoderFeatures("simclr", enc, train, test, o.batchSize()), train, test, o, log));
      after = enc.variablesDigest();
    }
    if (!before.equals(after)) {
      throw new IllegalStateException(model + ": encoder variables changed during evaluation");
    }
    for (String b : o.baselines()) {
      switch (b) {
        case "raw-pixels" -> results.add(evaluate(FeatureSet.rawPixels(train, test), train, test, o, log));
        case "random-init" -> results.add(evaluate(randomInit(model, train, test, o.batchSize()), train, test, o, log));
        default -> throw new IllegalArgumentException("unknown --baseline '" + b + "' (raw-pixels, random-init)");
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", model.toAbsolutePath().toString());
    report.put("data", data.toAbsolutePath().toString());
    report.put("datasetManifestSha256", PreparedDataset.sha256(data.resolve(io.simclr.data.Manifest.FILE_NAME)));
    report.put("trainImages", train.size());
    report.put("testImages", test.size());
    report.put("probe", Map.of("classifier", "multinomial logistic regression on standardised features",
        "optimizer", "full-batch Adam", "steps", o.probe().steps(), "learningRate", o.probe().learningRate(),
        "l2", o.probe().l2()));
    report.put("knn", o.knnK() > 0 ? Map.of("k", o.knnK(), "temperature", KnnClassifier.TEMPERATURE, "similarity", "cosine") : "off");
    report.put("encoderVariablesSha256Before", before);
    report.put("encoderVariablesSha256After", after);
    report.put("classNames", train.classNames());
    report.put("results", results);
    return report;
  }

  private static FeatureSet encoderFeatures(String source, SavedEncoder enc, ImageSet train, ImageSet test, int batch) {
    long t0 = System.nanoTime();
    float[][] tr = enc.embed(train, batch);
    float[][] te = enc.embed(test, batch);
    return new FeatureSet(source, tr, te, (System.nanoTime() - t0) / 1e9);
  }

  /** The same architecture, untrained, exported the same way, then loaded like the real one. */
  private static FeatureSet randomInit(Path model, ImageSet train, ImageSet test, int batch) throws IOException {
    Path runJson = model.resolve(ExportContract.RUN_FILE);
    if (!Files.isRegularFile(runJson)) {
      throw new IOException(runJson + ": missing; the random-init baseline needs the run config");
    }
    RunInfo info = Json.read(runJson, RunInfo.class);
    Path tmp = Files.createTempDirectory("simclr-random-init");
    try {
      Path out = tmp.resolve("model");
      EncoderExporter.export(info.config().model(), null, info.config().seed() + 1, null, out, false);
      try (SavedEncoder enc = SavedEncoder.load(out)) {
        return encoderFeatures("random-init", enc, train, test, batch);
      }
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  private static EvalResult evaluate(FeatureSet f, ImageSet train, ImageSet test, Options o, PrintStream log) {
    log.printf("%s: %d-d features extracted in %.1f s; fitting linear probe%n", f.source(), f.train()[0].length, f.extractSeconds());
    long t0 = System.nanoTime();
    LinearProbe.Model probe = LinearProbe.train(f.train(), train.labels(), train.numClasses(), o.probe());
    double probeSecs = (System.nanoTime() - t0) / 1e9;
    ClassificationReport linear = ClassificationReport.of(test.labels(), probe.scores(f.test()), test.classNames());
    ClassificationReport knn = o.knnK() > 0
        ? ClassificationReport.of(test.labels(),
            KnnClassifier.scores(f.train(), train.labels(), f.test(), train.numClasses(), o.knnK()), test.classNames())
        : null;
    log.printf("%s: linear top-1 %.2f%%%s%n", f.source(), 100 * linear.top1(),
        knn == null ? "" : String.format(", kNN top-1 %.2f%%", 100 * knn.top1()));
    return new EvalResult(f.source(), f.train()[0].length, f.extractSeconds(), probeSecs,
        probe.finalLoss(), linear, knn);
  }
}
