package io.simclr.export;

import io.simclr.input.EncodedImages;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.cli.Main;
import io.simclr.config.Recipe;
import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.testing.Tf;
import io.simclr.train.Pretrainer;
import io.simclr.train.TinyRuns;
import io.simclr.util.Overwrite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
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
    assertEquals(6, RunExport.exportLatest(run, model, Overwrite.REFUSE));
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
    var e = assertThrows(IOException.class, () -> RunExport.exportLatest(run, model, Overwrite.REFUSE));
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

  /** TensorFlow's half-pixel bilinear resize of an RGB image, in plain Java; then luma, then / 255. */
  static float[] resizeToGray(BufferedImage im, int side) {
    int h = im.getHeight();
    int w = im.getWidth();
    float[] out = new float[side * side];
    for (int y = 0; y < side; y++) {
      double sy = (y + 0.5) * h / side - 0.5;
      int y0 = (int) Math.floor(sy);
      double fy = sy - y0;
      int ya = Math.max(y0, 0);
      int yb = Math.min(y0 + 1, h - 1);
      for (int x = 0; x < side; x++) {
        double sx = (x + 0.5) * w / side - 0.5;
        int x0 = (int) Math.floor(sx);
        double fx = sx - x0;
        int xa = Math.max(x0, 0);
        int xb = Math.min(x0 + 1, w - 1);
        double gray = 0;
        for (int c = 0; c < 3; c++) {
          double top = channel(im, xa, ya, c) * (1 - fx) + channel(im, xb, ya, c) * fx;
          double bottom = channel(im, xa, yb, c) * (1 - fx) + channel(im, xb, yb, c) * fx;
          gray += EncodedImages.LUMA[c] * (top * (1 - fy) + bottom * fy);
        }
        out[y * side + x] = (float) (gray / 255);
      }
    }
    return out;
  }

  static int channel(BufferedImage im, int x, int y, int c) {
    return (im.getRGB(x, y) >> (16 - 8 * c)) & 0xff;
  }

  static BufferedImage randomImage(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // smooth-ish content plus noise, so resizing matters
        int v = (int) (120 + 100 * Math.sin(x * 0.7 + y * 0.3)) + r.nextInt(30);
        im.setRGB(x, y, (Math.min(255, v) << 16) | ((255 - Math.min(255, v)) << 8) | r.nextInt(256));
      }
    }
    return im;
  }

  static byte[] encode(BufferedImage im, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(im, format, out), format);
    return out.toByteArray();
  }

  @Test
  void encodedBatchOfMixedSizesAndFormatsGivesTheRowsOfServingDefault() throws Exception {
    // lossless formats, so Java's decoder sees exactly the pixels TensorFlow's does
    String[] formats = {"png", "bmp", "gif", "png"};
    int[][] sizes = {{20, 15}, {7, 9}, {12, 12}, {31, 40}};
    byte[][] files = new byte[formats.length][];
    float[] expectedPixels = new float[formats.length * 144];
    for (int i = 0; i < formats.length; i++) {
      files[i] = encode(randomImage(sizes[i][0], sizes[i][1], i), formats[i]);
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(files[i]));
      System.arraycopy(resizeToGray(decoded, 12), 0, expectedPixels, i * 144, 144);
    }
    try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve");
        TString bytes = TString.tensorOfBytes(NdArrays.vectorOfObjects(files));
        TFloat32 x = Tf.floats(Shape.of(formats.length, 12, 12, 1), expectedPixels);
        Result a = b.function("embed_encoded").call(Map.of("image_bytes", bytes));
        Result c = b.function("serving_default").call(Map.of("images", x))) {
      TFloat32 ea = (TFloat32) a.get("embedding").orElseThrow();
      assertEquals(Shape.of(formats.length, config.model().featureDim()), ea.shape());
      assertArrayEquals(Tf.toArray((TFloat32) c.get("embedding").orElseThrow()), Tf.toArray(ea), 1e-4f);
    }
  }

  @Test
  void aCorruptElementIsAClearErrorAndTheModelKeepsServing() throws Exception {
    byte[] good = encode(randomImage(12, 12, 9), "png");
    try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve");
        TString bad = TString.tensorOfBytes(NdArrays.vectorOfObjects(good, "not an image".getBytes()));
        TString ok = TString.tensorOfBytes(NdArrays.vectorOfObjects(good));
        TString none = TString.tensorOfBytes(NdArrays.ofObjects(byte[].class, Shape.of(0)))) {
      var e = assertThrows(RuntimeException.class, () -> b.function("embed_encoded").call(Map.of("image_bytes", bad)).close());
      assertTrue(e.getMessage().contains("Unknown image file format"), e.getMessage());
      try (Result r = b.function("embed_encoded").call(Map.of("image_bytes", ok));
          Result empty = b.function("embed_encoded").call(Map.of("image_bytes", none))) {
        assertEquals(1, r.get("embedding").orElseThrow().shape().get(0));
        assertEquals(0, empty.get("embedding").orElseThrow().shape().get(0));
      }
    }
  }

  /** What a serving client relies on, read from saved_model.pb itself. */
  @Test
  void savedModelProtoDeclaresThePredictContract() throws Exception {
    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(model.resolve("saved_model.pb")));
    assertEquals(1, sm.getMetaGraphsCount());
    MetaGraphDef mg = sm.getMetaGraphs(0);
    assertTrue(mg.getMetaInfoDef().getTagsList().contains("serve"));
    Map<String, SignatureDef> sigs = mg.getSignatureDefMap();
    assertEquals(Set.of("serving_default", "projection", "embed_encoded"), sigs.keySet());
    long d = config.model().featureDim();
    for (SignatureDef s : sigs.values()) {
      assertEquals("tensorflow/serving/predict", s.getMethodName());
    }
    assertTensor(sigs.get("serving_default").getInputsMap().get("images"), DataType.DT_FLOAT, -1, 12, 12, 1);
    assertTensor(sigs.get("serving_default").getOutputsMap().get("embedding"), DataType.DT_FLOAT, -1, d);
    assertEquals(Set.of("embedding", "projection"), sigs.get("projection").getOutputsMap().keySet());
    assertTensor(sigs.get("projection").getOutputsMap().get("projection"), DataType.DT_FLOAT, -1, 16);
    assertTensor(sigs.get("embed_encoded").getInputsMap().get("image_bytes"), DataType.DT_STRING, -1);
    assertTensor(sigs.get("embed_encoded").getOutputsMap().get("embedding"), DataType.DT_FLOAT, -1, d);
  }

  static void assertTensor(TensorInfo t, DataType type, long... dims) {
    assertNotNull(t);
    assertEquals(type, t.getDtype());
    assertArrayEquals(dims, t.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray());
  }
}
