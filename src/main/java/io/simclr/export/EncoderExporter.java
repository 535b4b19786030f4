package io.simclr.export;

import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.train.SessionConfigs;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Writes an inference-only encoder SavedModel (tag {@code serve}): batch norm on moving
 * statistics, no augmentation or optimizer ops. Signatures: {@code serving_default} (images ->
 * embedding), {@code projection} (images -> embedding, projection) and {@code embed_encoded}
 * (one encoded PNG/JPEG/GIF/BMP file -> embedding [1, D]).
 */
public final class EncoderExporter {
  private EncoderExporter() {}

  /**
   * @param checkpoint variables prefix to restore, or null for a freshly initialised encoder
   *     (the random-init baseline) drawn from {@code seed}
   * @param runJson the run's run.json, copied into assets.extra (may be null)
   */
  public static void export(ModelConfig m, Path checkpoint, long seed, Path runJson, Path out, boolean force)
      throws IOException {
    if (Files.exists(out) && !force) {
      throw new IOException(out + ": already exists (use --force to replace it)");
    }
    AtomicFiles.deleteStaleTemps(out);
    Path tmp = AtomicFiles.tempSibling(out);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = checkpoint == null ? Params.initialized(tf, seed) : Params.forRestore(tf);
      var images = tf.withName(ExportContract.INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, m.height(), m.width(), m.channels())));
      Operand<TFloat32> h = tf.withName(ExportContract.EMBEDDING).identity(m.encode(p, images, false));
      Operand<TFloat32> z = tf.withName(ExportContract.PROJECTION_OUTPUT).identity(m.project(p, h, false));
      var bytes = tf.withName(ExportContract.ENCODED_INPUT).placeholder(TString.class,
          Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> decoded = decode(tf, bytes, m);
      Operand<TFloat32> hEncoded = tf.withName("embedding_encoded").identity(m.encode(p, decoded, false));
      try (Session s = new Session(g, SessionConfigs.threads(0, 0))) {
        if (checkpoint == null) {
          s.initialize();
        } else {
          try {
            s.restore(checkpoint.toString());
          } catch (RuntimeException e) {
            throw new IOException(checkpoint + ": cannot restore the encoder: " + io.simclr.util.Messages.firstLine(e), e);
          }
        }
        Path model = tmp.resolve("model");
        SavedModelBundle.exporter(model.toString())
            .withFunction(SessionFunction.create(Signature.builder().key(ExportContract.SERVING)
                .input(ExportContract.INPUT, images).output(ExportContract.EMBEDDING, h).build(), s))
            .withFunction(SessionFunction.create(Signature.builder().key(ExportContract.PROJECTION)
                .input(ExportContract.INPUT, images).output(ExportContract.EMBEDDING, h)
                .output(ExportContract.PROJECTION_OUTPUT, z).build(), s))
            .withFunction(SessionFunction.create(Signature.builder().key(ExportContract.ENCODED)
                .input(ExportContract.ENCODED_INPUT, bytes).output(ExportContract.EMBEDDING, hEncoded).build(), s))
            .export();
        ExportContract contract = new ExportContract(m.height(), m.width(), m.channels(), 0f, 1f,
            "NHWC float32", m.featureDim(), m.projectionDim(), m.encoder());
        Files.createDirectories(model.resolve("assets.extra"));
        Json.writeFile(model.resolve(ExportContract.FILE), contract);
        if (runJson != null) {
          Files.copy(runJson, model.resolve(ExportContract.RUN_FILE));
        }
        AtomicFiles.commitDirectory(model, out, force);
      }
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  /** Encoded image bytes -> float [1, H, W, C] in [0, 1], resized bilinearly to the contract. */
  private static Operand<TFloat32> decode(Ops tf, Operand<TString> bytes, ModelConfig m) {
    Operand<TUint8> img = tf.image.decodeImage(bytes, TUint8.class,
        DecodeImage.channels((long) m.channels()), DecodeImage.expandAnimations(false));
    Operand<TFloat32> batch = tf.image.resizeBilinear(
        tf.expandDims(img, tf.constant(0)), tf.constant(new int[] {m.height(), m.width()}));
    return tf.math.div(batch, tf.constant(255f));
  }
}
