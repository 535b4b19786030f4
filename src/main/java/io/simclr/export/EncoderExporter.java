package io.simclr.export;

import io.simclr.input.EncodedImages;
import io.simclr.util.ImageShape;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.runtime.SessionConfigs;
import io.simclr.util.Json;
import io.simclr.util.Messages;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
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
    ImageShape image = m.image();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = weights instanceof Weights.Random r ? Params.initialized(tf, r.seed()) : Params.forRestore(tf);
      var images = tf.withName(ExportContract.INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, image.height(), image.width(), image.channels())));
      Operand<TFloat32> h = tf.withName(ExportContract.EMBEDDING).identity(embed(tf, p, m, images));
      Operand<TFloat32> z = tf.withName(ExportContract.PROJECTION_OUTPUT).identity(m.project(p, h, Mode.INFERENCE));
      var bytes = tf.withName(ExportContract.ENCODED_INPUT).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> hEncoded = tf.withName("embedding_encoded")
          .identity(embed(tf, p, m, EncodedImages.decode(g, tf, bytes, image)));
      try (Session s = new Session(g, SessionConfigs.threads(0, 0))) {
        if (weights instanceof Weights.Checkpoint c) {
          restore(s, c.prefix(), "the encoder");
        } else {
          s.initialize();
        }
        ExportContract contract = new ExportContract(image.height(), image.width(), image.channels(), 0f, 1f,
            "NHWC float32", m.featureDim(), m.projectionDim(), m.encoder().toString());
        SavedModelWriter.write(s, List.of(
                ExportContract.predict(ExportContract.SERVING).input(ExportContract.INPUT, images)
                    .output(ExportContract.EMBEDDING, h).build(),
                ExportContract.predict(ExportContract.PROJECTION).input(ExportContract.INPUT, images)
                    .output(ExportContract.EMBEDDING, h).output(ExportContract.PROJECTION_OUTPUT, z).build(),
                ExportContract.predict(ExportContract.ENCODED).input(ExportContract.ENCODED_INPUT, bytes)
                    .output(ExportContract.EMBEDDING, hEncoded).build()),
            Map.of(ExportContract.FILE, (Json.write(contract) + "\n").getBytes(StandardCharsets.UTF_8),
                ExportContract.RUN_FILE, Files.readAllBytes(runJson)),
            out, overwrite);
      }
    }
  }

  /** h of any batch of images, batch norm in inference mode. */
  private static Operand<TFloat32> embed(Ops tf, Params p, ModelConfig m, Operand<TFloat32> images) {
    return AnyBatch.apply(tf, images, m.image(), m.featureDim(), x -> m.encode(p, x, Mode.INFERENCE));
  }

  /** Restores every variable of the session's graph from {@code prefix}, with a clear error. */
  static void restore(Session s, Path prefix, String what) throws IOException {
    try {
      s.restore(prefix.toString());
    } catch (RuntimeException e) {
      throw new IOException(prefix + ": cannot restore " + what + ": " + Messages.firstLine(e), e);
    }
  }
}
