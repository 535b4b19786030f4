package io.simclr.export;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.cli.Main;
import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.run.Recipe;
import io.simclr.testing.Tf;
import io.simclr.train.Pretrainer;
import io.simclr.train.TinyRuns;
import io.simclr.util.Overwrite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

class ExportTest {
  @TempDir static Path tmp;
  static Path data;
  static Path run;
  static Path model;
  static Recipe config;

  @BeforeAll
  static void trainAndExport() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 16);
    run = tmp.resolve("run");
    config = TinyRuns.config(data, 6, Optimizer.ADAM, 1e-3);
    Pretrainer.start(config, TinyRuns.options(), run, new PrintStream(new ByteArrayOutputStream()));
    model = tmp.resolve("model");
    assertEquals(6, RunExport.export(run, null, model, Overwrite.REFUSE));
  }

  /** Embeddings from the training code's own inference graph, restored from the checkpoint. */
  static float[] trainingSideEmbeddings(ImageSet set) {
    ModelConfig m = config.model();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.forRestore(tf);
      float[] px = new float[set.pixels().length];
      for (int i = 0; i < px.length; i++) px[i] = (set.pixels()[i] & 0xff) / 255f;
      var x = tf.constant(Shape.of(set.size(), m.image().height(), m.image().width(), m.image().channels()), DataBuffers.of(px));
      var h = m.encode(p, x, Mode.INFERENCE);
      s.restore(new Checkpoints(run, 2).prefix(6).toString());
      return Tf.fetch(s, h);
    }
  }

  static float[] readNpy(Path f) throws Exception {
    byte[] b = Files.readAllBytes(f);
    int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[data.remaining() / 4];
    data.asFloatBuffer().get(out);
    return out;
  }

  @Test
  void signaturesAndShapesAsSpecified() throws Exception {
    assertTrue(Files.isRegularFile(model.resolve("assets.extra/run.json")));
    assertTrue(Files.isRegularFile(model.resolve("assets.extra/preprocessing.json")));
    try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve")) {
      var sigs = b.signatures().stream().map(s -> s.key()).sorted().toList();
      assertEquals(List.of("embed_encoded", "projection", "serving_default"), sigs);
      var serving = b.function("serving_default").signature();
      assertArrayEquals(new long[] {-1, 12, 12, 1}, serving.getInputs().get("images").shape.asArray());
      assertArrayEquals(new long[] {-1, config.model().featureDim()}, serving.getOutputs().get("embedding").shape.asArray());
      var proj = b.function("projection").signature();
      assertArrayEquals(new long[] {-1, 16}, proj.getOutputs().get("projection").shape.asArray());
      // inference-only: no optimizer slots, step counter or augmentation ops in the graph
      var it = b.graph().operations();
      while (it.hasNext()) {
        var op = it.next();
        assertFalse(op.name().contains("adam") || op.name().contains("global_step")
            || op.type().equals("CropAndResize") || op.type().startsWith("StatelessRandom"), op.name());
      }
    }
    var e = assertThrows(IOException.class, () -> RunExport.export(run, null, model, Overwrite.REFUSE));
    assertTrue(e.getMessage().contains("--force"));
  }

  @Test
  void separateJvmGetsTheTrainingSideEmbeddings() throws Exception {
    ImageSet train = PreparedDataset.read(data, "train");
    Path out = tmp.resolve("emb");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", Main.class.getName(), "embed",
        "--model", model.toString(), "--data", data.toString(), "--split", "train", "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("fork.log").toFile()).start();
    assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("fork.log")));
    float[] forked = readNpy(Path.of(out + ".npy"));
    float[] local = trainingSideEmbeddings(train);
    assertEquals(local.length, forked.length);
    double maxDiff = 0;
    for (int i = 0; i < local.length; i++) maxDiff = Math.max(maxDiff, Math.abs(local[i] - forked[i]));
    assertTrue(maxDiff < 1e-5, "max abs diff " + maxDiff);
    assertTrue(Files.readString(Path.of(out + ".csv")).startsWith("key,e0,"));
  }

  @Test
  void encodedImageSignatureMatchesFloatInput() throws Exception {
    ImageSet test = PreparedDataset.read(data, "test");
    BufferedImage im = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
    float[] px = new float[144];
    for (int i = 0; i < 144; i++) {
      int v = test.pixels()[i] & 0xff;
      im.getRaster().setSample(i % 12, i / 12, 0, v);
      px[i] = v / 255f;
    }
    File png = tmp.resolve("one.png").toFile();
    ImageIO.write(im, "png", png);
    try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve");
        TString bytes = TString.tensorOfBytes(NdArrays.scalarOfObject(Files.readAllBytes(png.toPath())));
        TFloat32 x = Tf.floats(Shape.of(1, 12, 12, 1), px);
        Result a = b.function("embed_encoded").call(Map.of("image_bytes", bytes));
        Result c = b.function("serving_default").call(Map.of("images", x))) {
      float[] ea = Tf.toArray((TFloat32) a.get("embedding").orElseThrow());
      float[] ec = Tf.toArray((TFloat32) c.get("embedding").orElseThrow());
      assertArrayEquals(ec, ea, 1e-5f);
    }
  }
}
