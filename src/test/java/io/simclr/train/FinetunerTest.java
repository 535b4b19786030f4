package io.simclr.train;

import io.simclr.feed.BatchInput;
import io.simclr.config.RunOptions;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.cli.CliTestAccess;
import io.simclr.config.FinetuneRecipe;
import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.eval.ClassifierEvaluation;
import io.simclr.export.ClassifierExporter;
import io.simclr.export.RunExport;
import io.simclr.model.Layers;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.model.ProjectionHead;
import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.run.EncoderSource;
import io.simclr.run.FinetuneInfo;
import io.simclr.runtime.Device;
import io.simclr.testing.ClassifyMain;
import io.simclr.testing.Forked;
import io.simclr.testing.Tf;
import io.simclr.util.ImageShape;
import io.simclr.util.Json;
import io.simclr.util.Overwrite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class FinetunerTest {
  @TempDir static Path tmp;
  static Path data;
  static Path pretrained;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void pretrainATinyEncoder() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 256, 64);
    pretrained = tmp.resolve("pretrained");
    Pretrainer.start(TinyRuns.config(data, 10, Optimizer.LARS, 0.5), TinyRuns.options(), pretrained, QUIET);
  }

  /** From the tiny pretraining run: 20 labels per class, batch 16, 30 steps. */
  static FinetuneRecipe recipe(String source) throws Exception {
    ModelConfig m = EncoderSource.resolve(pretrained).run().recipe().model();
    return FinetuneRecipe.defaults(data, source, m).withLabelFraction(0).withLabelsPerClass(20)
        .withBatchSize(16).withSteps(30).withLearningRate(0.5).withSeed(4);
  }

  @Test
  void labelledSubsetIsClassBalancedSeededAndStable() throws Exception {
    int[] labels = new int[1000];
    for (int i = 0; i < labels.length; i++) labels[i] = i < 600 ? 0 : (i < 900 ? 1 : 2);
    FinetuneRecipe r = recipe(io.simclr.config.EncoderStart.SCRATCH).withLabelsPerClass(0).withLabelFraction(0.1);
    int[] a = Finetuner.labelledSubset(r, labels, 3);
    assertArrayEquals(a, Finetuner.labelledSubset(r, labels, 3), "same seed, same subset");
    assertFalse(Arrays.equals(a, Finetuner.labelledSubset(r.withSeed(5), labels, 3)), "another seed, another subset");
    int[] perClass = new int[3];
    for (int i : a) perClass[labels[i]]++;
    assertArrayEquals(new int[] {60, 30, 10}, perClass);
    // stable: more images of class 2 leave the choice within classes 0 and 1 unchanged
    int[] more = Arrays.copyOf(labels, 1100);
    Arrays.fill(more, 1000, 1100, 2);
    int[] b = Finetuner.labelledSubset(r, more, 3);
    assertArrayEquals(Arrays.stream(a).filter(i -> labels[i] < 2).toArray(), Arrays.stream(b).filter(i -> more[i] < 2).toArray());
    int[] fixed = Finetuner.labelledSubset(r.withLabelFraction(0).withLabelsPerClass(7), labels, 3);
    assertEquals(21, fixed.length);
  }

  @Test
  void warmStartLoadsThePretrainedEncoderAndTheRunReachesHighAccuracy() throws Exception {
    Path run = tmp.resolve("ft");
    FinetuneRecipe r = recipe(pretrained.toString());
    Outcome o = Finetuner.start(r, TinyRuns.options(), run, QUIET);
    assertEquals(30, o.step());
    int[] subset = Json.read(run.resolve(FinetuneInfo.SUBSET_FILE), FinetuneInfo.Subset.class).indices();
    assertEquals(40, subset.length);
    // warm start: in a fresh graph the op gives the encoder exactly the pretrained values
    ImageSet train = PreparedDataset.read(data, "train");
    Path prefix = EncoderSource.resolve(pretrained).variables();
    BatchInput input = BatchInput.of(train.subset(subset), 16, false);
    FinetuneGraph g = new FinetuneGraph(r, r.schedule(40), Device.CPU, input, 2, java.util.Optional.of(prefix));
    try (Graph graph = g.graph(); Session s = new Session(graph)) {
      s.initialize();
      s.run(g.warmStart().orElseThrow());
      float[] loaded = fetchVariable(s, "enc.stem.conv.w");
      float[] expected;
      try (Graph ref = new Graph(); Session rs = new Session(ref)) {
        Ops tf = Ops.create(ref);
        Params p = Params.forRestore(tf);
        r.model().encode(p, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 12, 12, 1))), Mode.TRAINING);
        rs.restore(new Checkpoints(pretrained, 2).prefix(10).toString());
        expected = fetchVariable(rs, "enc.stem.conv.w");
      }
      assertArrayEquals(expected, loaded);
    }
    // the exported classifier on the test split: the shapes are separable
    Path model = tmp.resolve("classifier");
    ClassifierExporter.export(FinetuneInfo.read(run), o.checkpoint(), model, Overwrite.REFUSE);
    var report = ClassifierEvaluation.run(model, data, 100);
    assertTrue(report.test().top1() >= 0.9, "test top-1 " + report.test().top1());
    assertEquals("square\nbar\n", Files.readString(model.resolve(ClassifierExporter.LABELS_FILE)));
  }

  static float[] fetchVariable(Session s, String name) {
    try (var r = s.runner().fetch(name).run()) {
      return Tf.toArray((TFloat32) r.get(0));
    }
  }

  @Test
  void forkedJvmGetsTheTrainingSideProbabilities() throws Exception {
    Path run = tmp.resolve("ft-forked");
    FinetuneRecipe r = recipe(pretrained.toString()).withFromHeadLayer(1).withSteps(8);
    Outcome o = Finetuner.start(r, TinyRuns.options(), run, QUIET);
    Path model = tmp.resolve("classifier-forked");
    ClassifierExporter.export(FinetuneInfo.read(run), o.checkpoint(), model, Overwrite.REFUSE);
    ImageSet test = PreparedDataset.read(data, "test");
    float[] x = new float[test.pixels().length];
    for (int i = 0; i < x.length; i++) x[i] = (test.pixels()[i] & 0xff) / 255f;
    Path in = tmp.resolve("images.bin");
    ByteBuffer buf = ByteBuffer.allocate(16 + 4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(test.size()).putInt(12).putInt(12).putInt(1).asFloatBuffer().put(x);
    Files.write(in, buf.array());
    Path out = tmp.resolve("probs.bin");
    Path log = tmp.resolve("classify.log");
    assertEquals(0, Forked.startMain(log, ClassifyMain.class.getName(), model.toString(), in.toString(), out.toString())
        .waitFor(), () -> read(log));
    float[] forked = new float[test.size() * 2];
    ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(forked);
    // the training code's own inference graph, restored from the fine-tuning checkpoint
    float[] local;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.forRestore(tf);
      ModelConfig m = r.model();
      var images = tf.constant(Shape.of(test.size(), 12, 12, 1), DataBuffers.of(x));
      var features = ProjectionHead.hidden(p, m.encode(p, images, Mode.INFERENCE), m, 1, Mode.INFERENCE);
      var probs = tf.nn.softmax(Layers.denseWithBias(p, FinetuneRecipe.CLASSIFIER, features, m.hiddenDim(), 2, 0.01));
      s.restore(o.checkpoint().toString());
      local = Tf.fetch(s, probs);
    }
    assertArrayEquals(local, forked, 1e-5f);
  }

  static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void resumeAfterAStopIsBitIdentical() throws Exception {
    FinetuneRecipe r = recipe(pretrained.toString()).withSteps(12);
    RunOptions o = TinyRuns.options();
    Path whole = tmp.resolve("ft-whole");
    Finetuner.start(r, o, whole, QUIET);
    Path parts = tmp.resolve("ft-parts");
    assertEquals(5, Finetuner.start(r, o.withStopAfter(5), parts, QUIET).step());
    assertEquals(12, Finetuner.resume(parts, o, QUIET).step());
    assertArrayEquals(TinyRuns.checkpointBytes(whole, 12), TinyRuns.checkpointBytes(parts, 12));
    assertEquals(TinyRuns.metricsWithoutTime(whole), TinyRuns.metricsWithoutTime(parts));
  }

  @Test
  void badInputsAreClearErrorsThatWriteNothing() throws Exception {
    Path out = tmp.resolve("bad");
    String[][] cases = {
      {"--label-fraction", "0"},
      {"--label-fraction", "1.5"},
      {"--label-fraction", "0.5", "--labels-per-class", "3"},
      {"--from-head-layer", "5"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("finetune", "--from", pretrained.toString(),
          "--data", data.toString(), "--out", out.toString()));
      args.addAll(List.of(c));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(2, CliTestAccess.run(err, args.toArray(String[]::new)), String.join(" ", c) + ": " + err);
      assertTrue(err.toString().startsWith("error: --"), err.toString());
      assertFalse(Files.exists(out));
    }
    // images of another shape than the encoder's
    Path rgb = tmp.resolve("rgb");
    ImageSet set = new ImageSet(new byte[40 * 12 * 12 * 3], new int[40], new ImageShape(12, 12, 3), List.of("a", "b"));
    PreparedDataset.write(Map.of("train", set, "test", set), rgb, "t", 100, Overwrite.REFUSE);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, CliTestAccess.run(err, "finetune", "--from", pretrained.toString(), "--data", rgb.toString(),
        "--out", out.toString(), "--labels-per-class", "5"));
    assertTrue(err.toString().contains("12x12x3") && err.toString().contains("12x12x1"), err.toString());
    assertFalse(Files.exists(out));
    // a SavedModel this project did not write (no assets.extra/run.json)
    Path foreign = tmp.resolve("foreign");
    RunExport.exportLatest(pretrained, foreign, Overwrite.REFUSE);
    Files.delete(foreign.resolve("assets.extra/run.json"));
    err = new ByteArrayOutputStream();
    assertEquals(1, CliTestAccess.run(err, "finetune", "--from", foreign.toString(), "--data", data.toString(),
        "--out", out.toString(), "--labels-per-class", "5"));
    assertTrue(err.toString().contains("assets.extra/run.json"), err.toString());
    assertFalse(Files.exists(out));
  }
}
