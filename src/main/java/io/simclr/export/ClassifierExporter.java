package io.simclr.export;

import io.simclr.config.FinetuneRecipe;
import io.simclr.input.EncodedImages;
import io.simclr.model.Layers;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.model.ProjectionHead;
import io.simclr.run.FinetuneInfo;
import io.simclr.runtime.SessionConfigs;
import io.simclr.util.ImageShape;
import io.simclr.util.Json;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes a fine-tuned classifier as a SavedModel: encoder (+ head layers) with batch norm on
 * moving statistics, the linear classifier, softmax. Signatures (TensorFlow Serving's predict):
 * {@code serving_default} (images float32 [N, H, W, C] in [0, 1]) and {@code classify_encoded}
 * (image_bytes string [N], any-size PNG/JPEG/GIF/BMP), each giving {@code probabilities} [N, K],
 * {@code classes} int64 [N] and {@code class_names} string [N]. {@code assets.extra/labels.txt}
 * lists the class names by id; {@code finetune.json} and {@code preprocessing.json} travel too.
 */
public final class ClassifierExporter {
  public static final String ENCODED = "classify_encoded";
  public static final String PROBABILITIES = "probabilities";
  public static final String CLASSES = "classes";
  public static final String CLASS_NAMES = "class_names";
  public static final String LABELS_FILE = "assets.extra/labels.txt";

  private ClassifierExporter() {}

  /** @param checkpoint the fine-tuning checkpoint's variables prefix */
  public static void export(FinetuneInfo info, Path checkpoint, Path out, Overwrite overwrite) throws IOException {
    overwrite.check(out);
    FinetuneRecipe r = info.recipe();
    ModelConfig m = r.model();
    ImageShape image = m.image();
    List<String> names = info.classNames();
    int dim = r.fromHeadLayer() == 0 ? m.featureDim() : m.hiddenDim();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = Params.forRestore(tf);
      var images = tf.withName(ExportContract.INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, image.height(), image.width(), image.channels())));
      var bytes = tf.withName(ExportContract.ENCODED_INPUT).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Outputs plain = outputs(tf, p, r, images, dim, names);
      Outputs encoded = outputs(tf, p, r, EncodedImages.decode(g, tf, bytes, image), dim, names);
      try (Session s = new Session(g, SessionConfigs.threads(0, 0))) {
        EncoderExporter.restore(s, checkpoint, "the classifier");
        ExportContract contract = new ExportContract(image.height(), image.width(), image.channels(), 0f, 1f,
            "NHWC float32", m.featureDim(), m.projectionDim(), m.encoder().toString());
        SavedModelWriter.write(s, List.of(
                plain.signature(ExportContract.predict(ExportContract.SERVING).input(ExportContract.INPUT, images)),
                encoded.signature(ExportContract.predict(ENCODED).input(ExportContract.ENCODED_INPUT, bytes))),
            Map.of(ExportContract.FILE, utf8(Json.write(contract) + "\n"),
                LABELS_FILE, utf8(String.join("\n", names) + "\n"),
                "assets.extra/" + FinetuneRecipe.FILE_NAME, utf8(Json.write(info) + "\n")),
            out, overwrite);
      }
    }
  }

  private record Outputs(Operand<TFloat32> probabilities, Operand<TInt64> classes, Operand<TString> names) {
    org.tensorflow.Signature signature(org.tensorflow.Signature.Builder b) {
      return b.output(PROBABILITIES, probabilities).output(CLASSES, classes).output(CLASS_NAMES, names).build();
    }
  }

  private static Outputs outputs(Ops tf, Params p, FinetuneRecipe r, Operand<TFloat32> images, int dim, List<String> names) {
    ModelConfig m = r.model();
    Operand<TFloat32> logits = AnyBatch.apply(tf, images, m.image(), names.size(), x -> Layers.denseWithBias(p, FinetuneRecipe.CLASSIFIER,
        ProjectionHead.hidden(p, m.encode(p, x, Mode.INFERENCE), m, r.fromHeadLayer(), Mode.INFERENCE),
        dim, names.size(), 0.01));
    Operand<TFloat32> probabilities = tf.nn.softmax(logits);
    Operand<TInt64> classes = tf.math.argMax(probabilities, tf.constant(1));
    Operand<TString> classNames = tf.gather(tf.constant(NdArrays.vectorOfObjects(names.toArray(String[]::new))),
        classes, tf.constant(0));
    return new Outputs(probabilities, classes, classNames);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
