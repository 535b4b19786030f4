package io.simclr.export;

import io.simclr.data.ImageShape;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.runtime.SessionConfigs;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import io.simclr.util.Messages;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * Writes an inference-only encoder SavedModel (tag {@code serve}): batch norm on moving
 * statistics, no augmentation or optimizer ops. Signatures: {@code serving_default} (images ->
 * embedding), {@code projection} (images -> embedding, projection) and {@code embed_encoded}
 * (a batch of encoded PNG/JPEG/GIF/BMP files of any size -> embedding [N, D]), each declaring
 * TensorFlow Serving's predict method.
 */
public final class EncoderExporter {
  private EncoderExporter() {}

  /** @param runJson the run's run.json, copied into assets.extra */
  public static void export(ModelConfig m, Weights weights, Path runJson, Path out, Overwrite overwrite)
      throws IOException {
    overwrite.check(out);
    AtomicFiles.deleteStaleTemps(out);
    Path tmp = AtomicFiles.tempSibling(out);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = weights instanceof Weights.Random r ? Params.initialized(tf, r.seed()) : Params.forRestore(tf);
      var images = tf.withName(ExportContract.INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, m.image().height(), m.image().width(), m.image().channels())));
      Operand<TFloat32> h = tf.withName(ExportContract.EMBEDDING).identity(encodeAnyBatch(tf, p, m, images));
      Operand<TFloat32> z = tf.withName(ExportContract.PROJECTION_OUTPUT).identity(m.project(p, h, Mode.INFERENCE));
      var bytes = tf.withName(ExportContract.ENCODED_INPUT).placeholder(TString.class,
          Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> decoded = EncodedImages.decode(g, tf, bytes, m.image());
      Operand<TFloat32> hEncoded = tf.withName("embedding_encoded").identity(encodeAnyBatch(tf, p, m, decoded));
      try (Session s = new Session(g, SessionConfigs.threads(0, 0))) {
        if (weights instanceof Weights.Checkpoint c) {
          try {
            s.restore(c.prefix().toString());
          } catch (RuntimeException e) {
            throw new IOException(c.prefix() + ": cannot restore the encoder: " + Messages.firstLine(e), e);
          }
        } else {
          s.initialize();
        }
        Path model = tmp.resolve("model");
        SavedModelBundle.exporter(model.toString())
            .withFunction(SessionFunction.create(ExportContract.predict(ExportContract.SERVING)
                .input(ExportContract.INPUT, images).output(ExportContract.EMBEDDING, h).build(), s))
            .withFunction(SessionFunction.create(ExportContract.predict(ExportContract.PROJECTION)
                .input(ExportContract.INPUT, images).output(ExportContract.EMBEDDING, h)
                .output(ExportContract.PROJECTION_OUTPUT, z).build(), s))
            .withFunction(SessionFunction.create(ExportContract.predict(ExportContract.ENCODED)
                .input(ExportContract.ENCODED_INPUT, bytes).output(ExportContract.EMBEDDING, hEncoded).build(), s))
            .export();
        ImageShape image = m.image();
        ExportContract contract = new ExportContract(image.height(), image.width(), image.channels(), 0f, 1f,
            "NHWC float32", m.featureDim(), m.projectionDim(), m.encoder().toString());
        Files.createDirectories(model.resolve("assets.extra"));
        Json.writeFile(model.resolve(ExportContract.FILE), contract);
        Files.copy(runJson, model.resolve(ExportContract.RUN_FILE));
        AtomicFiles.commitDirectory(model, out, overwrite);
      }
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  /**
   * The embeddings of a batch of any size, empty included: oneDNN's convolution rejects a batch of
   * 0 ("input depth must be evenly divisible by filter depth"), so one zero image is appended and
   * its row dropped again. Inference-mode batch norm and convolutions treat images independently,
   * so the other rows are unchanged.
   */
  private static Operand<TFloat32> encodeAnyBatch(Ops tf, Params p, ModelConfig m, Operand<TFloat32> images) {
    ImageShape s = m.image();
    Operand<TFloat32> pad = tf.fill(tf.constant(new int[] {1, s.height(), s.width(), s.channels()}), tf.constant(0f));
    Operand<TFloat32> h = m.encode(p, tf.concat(List.of(images, pad), tf.constant(0)), Mode.INFERENCE);
    Operand<TInt32> n = tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    return tf.slice(h, tf.constant(new int[] {0, 0}),
        tf.concat(List.of(n, tf.constant(new int[] {m.featureDim()})), tf.constant(0)));
  }
}
