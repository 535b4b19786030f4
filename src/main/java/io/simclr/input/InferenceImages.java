package io.simclr.input;

import io.simclr.data.ImageRecords;
import io.simclr.util.ImageShape;
import io.simclr.data.Storage;
import io.simclr.runtime.SessionConfigs;
import io.simclr.util.HeapBudget;
import java.io.IOException;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Images of a split as a model's inference input, a chunk at a time: float32 [n, H, W, C] in
 * [0, 1]. Raw pixels are scaled; encoded images are decoded and resized whole, exactly as an
 * exported encoder's {@code embed_encoded} signature does ({@link EncodedImages}), so features
 * match what a serving client gets. Memory: one chunk.
 */
public final class InferenceImages implements AutoCloseable {
  /** Chunks are kept under this many bytes of float pixels. */
  static final long CHUNK_BYTES = 64L << 20;

  private final ImageRecords records;
  private final ImageShape shape;
  private Graph graph;
  private Session session;
  private Placeholder<TString> files;
  private Operand<TFloat32> decoded;

  public InferenceImages(ImageRecords records) {
    this.records = records;
    this.shape = records.shape();
  }

  public ImageShape shape() {
    return shape;
  }

  /** A model's forward pass on one chunk: images [n, H, W, C] in, one row of outputs per image. */
  @FunctionalInterface
  public interface Forward {
    /** The outputs [n, d], flattened; the images tensor is closed by the caller. */
    float[] rows(TFloat32 images) throws IOException;
  }

  /**
   * {@code forward} applied to the images {@code indices}, a chunk of at most {@code batchSize}
   * (and {@link #CHUNK_BYTES}) at a time: one row per image, in the order of {@code indices}.
   * The one chunked-inference loop of the kNN monitor, embedding and classifier evaluation.
   */
  public float[][] map(int[] indices, int batchSize, Forward forward) throws IOException {
    float[][] out = new float[indices.length][];
    int chunk = chunkSize(batchSize);
    for (int from = 0; from < indices.length; from += chunk) {
      int n = Math.min(chunk, indices.length - from);
      float[] flat;
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(n, shape.height(), shape.width(), shape.channels()),
          DataBuffers.of(pixels(indices, from, n), true, false))) {
        flat = forward.rows(t);
      }
      int d = flat.length / n;
      if (from == 0) {
        // a float[] row: its floats and a 16-byte header
        HeapBudget.require((long) indices.length * (4L * d + 16),
            String.format("%d embeddings of %d floats", indices.length, d));
      }
      for (int i = 0; i < n; i++) {
        out[from + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
      }
    }
    return out;
  }

  /** {@link #map} over the first {@code count} images of the split. */
  public float[][] map(int count, int batchSize, Forward forward) throws IOException {
    return map(range(0, count), batchSize, forward);
  }

  /** The outputs of a model run, flattened: what a {@link Forward} returns. */
  public static float[] flat(TFloat32 t) {
    float[] flat = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(flat, false, false));
    return flat;
  }

  /** How many images a chunk should hold: at most {@code wanted}, and within {@link #CHUNK_BYTES}. */
  public int chunkSize(int wanted) {
    return (int) Math.max(1, Math.min(wanted, CHUNK_BYTES / (4L * shape.pixelsPerImage())));
  }

  /** The images {@code indices[from .. from + n)}: float pixels, image after image (HWC). */
  public float[] pixels(int[] indices, int from, int n) throws IOException {
    int per = shape.pixelsPerImage();
    if (records.storage() == Storage.RAW) {
      byte[] px = new byte[n * per];
      for (int i = 0; i < n; i++) {
        records.pixelsInto(indices[from + i], px, i * per);
      }
      float[] x = new float[px.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (px[i] & 0xff) / 255f;
      }
      return x;
    }
    byte[][] bytes = new byte[n][];
    for (int i = 0; i < n; i++) {
      bytes[i] = records.encoded(indices[from + i]).file();
    }
    open();
    try (TString in = TString.tensorOfBytes(NdArrays.vectorOfObjects(bytes));
        Result r = session.runner().feed(files, in).fetch(decoded).run()) {
      float[] x = new float[n * per];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(x, false, false));
      return x;
    }
  }

  /** The images [from, from + n) of the split, in order. */
  public float[] pixels(int from, int n) throws IOException {
    return pixels(range(from, n), 0, n);
  }

  /** The indices from, from + 1, ..., from + n - 1. */
  public static int[] range(int from, int n) {
    int[] idx = new int[n];
    java.util.Arrays.setAll(idx, i -> from + i);
    return idx;
  }

  private void open() {
    if (session == null) {
      graph = new Graph();
      Ops tf = Ops.create(graph);
      files = tf.withName("files").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      decoded = EncodedImages.decode(graph, tf, files, shape);
      session = new Session(graph, SessionConfigs.threads(0, 0));
    }
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
      graph.close();
      session = null;
    }
  }
}
