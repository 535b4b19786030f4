package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.DataFormatException;
import io.simclr.data.ImageSet;
import io.simclr.util.ImageShape;
import io.simclr.data.PreparedDataset;
import io.simclr.export.EncoderExporter;
import io.simclr.export.RunExport;
import io.simclr.export.Weights;
import io.simclr.optim.Optimizer;
import io.simclr.run.RunInfo;
import io.simclr.train.Pretrainer;
import io.simclr.train.TinyRuns;
import io.simclr.util.Json;
import io.simclr.util.Overwrite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LinearEvaluationTest {
  @TempDir static Path tmp;
  static Path model;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  /** Left half bright (class 0) or right half bright (class 1): separable by any sane feature, cosine included. */
  static ImageSet brightness(int n, long seed) {
    Random r = new Random(seed);
    int per = TinyRuns.SIDE * TinyRuns.SIDE;
    byte[] px = new byte[n * per];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (int k = 0; k < per; k++) {
        boolean left = k % TinyRuns.SIDE < TinyRuns.SIDE / 2;
        px[i * per + k] = (byte) (left == (labels[i] == 0) ? 170 + r.nextInt(80) : r.nextInt(80));
      }
    }
    return new ImageSet(px, labels, new ImageShape(TinyRuns.SIDE, TinyRuns.SIDE, 1), List.of("left", "right"));
  }

  @BeforeAll
  static void model() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("shapes"), 64, 16);
    Path run = tmp.resolve("run");
    Pretrainer.start(TinyRuns.config(data, 4, Optimizer.ADAM, 1e-3), TinyRuns.options(), run, QUIET);
    model = tmp.resolve("model");
    RunExport.exportLatest(run, model, Overwrite.REFUSE);
  }

  @Test
  void separableDataReachesNearHundredPercentAndEncoderStaysFrozen() throws Exception {
    Path data = tmp.resolve("bright");
    Map<String, ImageSet> splits = new LinkedHashMap<>();
    splits.put("train", brightness(200, 1));
    splits.put("test", brightness(100, 2));
    PreparedDataset.write(splits, data, "test", 1000, Overwrite.REFUSE);
    Path twin = tmp.resolve("random-init-twin");
    RunExport.randomInitTwin(model, twin);
    var opts = new LinearEvaluation.Options(LinearProbe.Settings.paper(0), 5,
        List.of(new Baseline.RawPixels(), new Baseline.SavedModel("random-init", twin)), 64);
    LinearEvalReport report = LinearEvaluation.run(model, data, opts, QUIET);
    assertTrue(report.encoderUnchanged());
    assertEquals(report.encoderVariablesSha256Before(), report.encoderVariablesSha256After());
    List<EvalResult> results = report.results();
    assertEquals(List.of("simclr", "raw-pixels", "random-init"), results.stream().map(EvalResult::source).toList());
    for (EvalResult r : results) {
      assertTrue(r.linear().top1() >= 0.98, r.source() + " linear " + r.linear().top1());
      assertTrue(r.knn().top1() >= 0.95, r.source() + " knn " + r.knn().top1());
    }
    Path out = tmp.resolve("report");
    String summary = ReportWriter.write(report, out);
    assertTrue(summary.contains("raw-pixels"));
    assertTrue(Files.readString(out.resolve("linear-eval.md")).contains("Confusion matrix"));
    assertTrue(Files.size(out.resolve("probe-validation.png")) > 1000, "validation curve plot");
    for (EvalResult r : results) {
      assertTrue(r.probe().refit().converged(), r.source() + " " + r.probe().refit());
      assertFalse(r.probe().curve().isEmpty());
    }
    var json = Json.MAPPER.readTree(out.resolve("linear-eval.json").toFile());
    assertEquals("sweep", json.at("/probe/protocol").asText());
    assertTrue(json.at("/results/0/probe/curve").size() > 10);
    assertTrue(json.at("/results/0/probe/refit/converged").asBoolean());
    assertTrue(Files.isRegularFile(out.resolve("linear-eval.json")));
  }

  @Test
  void variablesDigestSeesTheWeights() throws Exception {
    var info = RunInfo.readFile(model.resolve("assets.extra/run.json"));
    Path other = tmp.resolve("random-model");
    EncoderExporter.export(info.recipe().model(), new Weights.Random(99), model.resolve("assets.extra/run.json"),
        other, Overwrite.REFUSE);
    try (SavedEncoder a = SavedEncoder.load(model); SavedEncoder b = SavedEncoder.load(other);
        SavedEncoder a2 = SavedEncoder.load(model)) {
      assertEquals(a.variablesDigest(), a2.variablesDigest());
      assertNotEquals(a.variablesDigest(), b.variablesDigest());
    }
  }

  @Test
  void notASavedModelIsAClearError() {
    var e = assertThrows(IOException.class, () -> SavedEncoder.load(tmp));
    assertTrue(e.getMessage().contains("not a SavedModel"), e.getMessage());
  }

  @Test
  void missingSignatureIsAClearError() throws Exception {
    Path other = tmp.resolve("other-model");
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TFloat32.class);
      var y = tf.identity(x);
      SavedModelBundle.exporter(other.toString())
          .withFunction(SessionFunction.create(Signature.builder().key("something_else").input("x", x).output("y", y).build(), s))
          .export();
    }
    var e = assertThrows(IOException.class, () -> SavedEncoder.load(other));
    assertTrue(e.getMessage().contains("serving_default"), e.getMessage());
  }

  @Test
  void datasetShapeMismatchIsAClearError() throws Exception {
    Path data = tmp.resolve("rgb");
    ImageSet rgb = new ImageSet(new byte[4 * 12 * 12 * 3], new int[4], new ImageShape(12, 12, 3), List.of("a"));
    PreparedDataset.write(Map.of("train", rgb, "test", rgb), data, "t", 10, Overwrite.REFUSE);
    var opts = new LinearEvaluation.Options(LinearProbe.Settings.paper(0).withFixedL2(1e-3), 0, List.of(), 4);
    var e = assertThrows(DataFormatException.class, () -> LinearEvaluation.run(model, data, opts, QUIET));
    assertTrue(e.getMessage().contains("12x12x3") && e.getMessage().contains("12x12x1"), e.getMessage());
  }

  @Test
  void reportCountsByHand() {
    int[] truth = {0, 0, 1, 2};
    float[][] scores = {{3, 1, 0}, {0, 2, 1}, {0, 5, 1}, {1, 0, 0.5f}};
    var r = ClassificationReport.of(truth, scores, List.of("a", "b", "c"));
    assertEquals(0.5, r.top1(), 1e-12);
    assertArrayEquals(new int[] {1, 1, 0}, r.confusion()[0]);
    assertArrayEquals(new int[] {1, 0, 0}, r.confusion()[2]);
    assertEquals(0.5, r.perClass().get(0).precision(), 1e-12); // predicted a twice, once right
    assertEquals(0.5, r.perClass().get(0).recall(), 1e-12);
    assertEquals(0.5, r.perClass().get(1).precision(), 1e-12);
    assertEquals(0.0, r.perClass().get(2).f1(), 1e-12);
  }
}
