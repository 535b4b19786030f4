package io.simclr.eval;

import com.google.common.hash.Hashing;
import io.simclr.data.DataFormatException;
import io.simclr.data.ImageRecords;
import io.simclr.util.ImageShape;
import io.simclr.export.ExportContract;
import io.simclr.input.InferenceImages;
import io.simclr.util.Json;
import io.simclr.util.Messages;
import io.simclr.util.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * An encoder loaded from a SavedModel the way any TensorFlow consumer loads it: tag
 * {@code serve}, signature {@code serving_default}. It knows nothing of the training code.
 */
public final class SavedEncoder implements AutoCloseable {
  private final Path dir;
  private final SavedModelBundle bundle;
  private final SessionFunction serving;
  private final ImageShape shape;
  private final int dim;

  private SavedEncoder(Path dir, SavedModelBundle bundle, SessionFunction serving, ImageShape shape, int dim) {
    this.dir = dir;
    this.bundle = bundle;
    this.serving = serving;
    this.shape = shape;
    this.dim = dim;
  }

  public static SavedEncoder load(Path dir) throws IOException {
    if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IOException(dir + ": not a SavedModel directory (no saved_model.pb)");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").load();
    } catch (RuntimeException e) {
      throw new IOException(dir + ": cannot load SavedModel: " + Messages.firstLine(e), e);
    }
    try {
      SessionFunction fn;
      try {
        fn = bundle.function(ExportContract.SERVING);
      } catch (IllegalArgumentException e) {
        throw new IOException(dir + ": has no '" + ExportContract.SERVING + "' signature");
      }
      var in = fn.signature().getInputs().get(ExportContract.INPUT);
      var out = fn.signature().getOutputs().get(ExportContract.EMBEDDING);
      if (in == null || out == null) {
        throw new IOException(dir + ": signature '" + ExportContract.SERVING + "' lacks input '"
            + ExportContract.INPUT + "' or output '" + ExportContract.EMBEDDING + "'");
      }
      Shape s = in.shape;
      if (s.numDimensions() != 4 || s.isUnknown()) {
        throw new IOException(dir + ": input 'images' has shape " + s + ", expected [N, H, W, C]");
      }
      ImageShape shape = new ImageShape((int) s.get(1), (int) s.get(2), (int) s.get(3));
      Path contract = dir.resolve(ExportContract.FILE);
      if (Files.isRegularFile(contract)) {
        ExportContract c = Json.read(contract, ExportContract.class);
        if (c.height() != shape.height() || c.width() != shape.width() || c.channels() != shape.channels()) {
          throw new IOException(contract + ": contract " + c.height() + "x" + c.width() + "x" + c.channels()
              + " disagrees with the signature's " + shape);
        }
      }
      return new SavedEncoder(dir, bundle, fn, shape, (int) out.shape.get(1));
    } catch (IOException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  public ImageShape shape() {
    return shape;
  }

  public int dim() {
    return dim;
  }

  /** Fails with a clear message when a dataset's images do not fit the model's contract. */
  public void requireCompatible(ImageShape images, Path data) {
    if (!images.equals(shape)) {
      throw new DataFormatException(data, "images are " + images + " but the model " + dir
          + " expects " + shape);
    }
  }

  /** Embeddings [n, dim] of every image of a split (batch norm in inference mode, no augmentation). */
  public float[][] embed(ImageRecords set, int batchSize) throws IOException {
    return embed(set, set.size(), batchSize);
  }

  /** Embeddings of the first {@code count} images (see {@link #embed(ImageRecords, int[], int)}). */
  public float[][] embed(ImageRecords set, int count, int batchSize) throws IOException {
    return embed(set, InferenceImages.range(0, count), batchSize);
  }

  /**
   * Embeddings of the images {@code indices}, in that order, read a chunk at a time (encoded images
   * decoded and resized as the model's {@code embed_encoded} does), so memory holds one chunk of pixels.
   */
  public float[][] embed(ImageRecords set, int[] indices, int batchSize) throws IOException {
    Progress progress = new Progress("embedding", indices.length, "images");
    try (InferenceImages images = new InferenceImages(set)) {
      return images.map(indices, batchSize, t -> {
        float[] rows = forward(t);
        progress.advance(t.shape().get(0));
        return rows;
      });
    }
  }

  private float[] forward(TFloat32 images) {
    try (Result r = serving.call(Map.of(ExportContract.INPUT, images))) {
      return InferenceImages.flat((TFloat32) r.get(ExportContract.EMBEDDING).orElseThrow());
    }
  }

  /** SHA-256 over the values of every variable in the loaded graph, in name order. */
  public String variablesDigest() {
    var names = new TreeSet<String>();
    var it = bundle.graph().operations();
    while (it.hasNext()) {
      GraphOperation op = it.next();
      if (op.type().startsWith("Variable") || op.type().equals("VarHandleOp")) {
        names.add(op.name());
      }
    }
    var hasher = Hashing.sha256().newHasher();
    for (String name : names) {
      var runner = bundle.session().runner();
      GraphOperation op = bundle.graph().operation(name);
      if (op.type().equals("VarHandleOp")) {
        continue;
      }
      try (Result r = runner.fetch(name).run()) {
        Tensor t = r.get(0);
        hasher.putString(name, StandardCharsets.UTF_8);
        byte[] raw = new byte[(int) t.numBytes()];
        t.asRawTensor().data().copyTo(DataBuffers.of(raw, false, false), raw.length);
        hasher.putBytes(raw);
      }
    }
    return hasher.hash().toString();
  }

  @Override
  public void close() {
    bundle.close();
  }
}
