package io.simclr.input;

import io.simclr.augment.AugmentConfig;
import io.simclr.augment.RandomResizedCrop;
import io.simclr.augment.StepRandom;
import io.simclr.util.ImageShape;
import io.simclr.util.Messages;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes encoded images and takes their random resized crops at source resolution, as the
 * paper does: per view an area fraction and an aspect ratio (in pixels) from exactly the
 * stateless draws the training graph would make for that view in that step (so a resumed run,
 * or a worker that decodes only its share, gets the same crops), each crop resized to the
 * training size with an antialiased triangle filter and rounded to uint8 (as torchvision's
 * RandomResizedCrop on PIL images). TensorFlow's own decoders, the ones {@code embed_encoded}
 * serves with. A graph of {@link #CHUNK} images in its own session, run from several threads.
 */
public final class CropDecoder implements AutoCloseable {
  /** Images per session call (a batch's last chunk is padded by repeating its last image). */
  public static final int CHUNK = 4;

  private final ImageShape shape;
  private final int copies;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> files;
  private final Placeholder<TInt64> stepFeed;
  private final Placeholder<TInt32> rows;
  private final Operand<TUint8> views;

  /**
   * @param seed the augmentation seed (the training graph's)
   * @param copies views per image (2 for pretraining, 1 for fine-tuning)
   * @param batch the global batch size: draws are made as for the whole batch's {@code copies x batch} views
   * @param config the training session's options (thread counts), whose pools this session shares
   */
  public CropDecoder(ImageShape shape, AugmentConfig crop, long seed, int copies, int batch, ConfigProto config) {
    this.shape = shape;
    this.copies = copies;
    Ops tf = Ops.create(graph);
    int m = copies * CHUNK;
    files = tf.withName("files").placeholder(TString.class, Placeholder.shape(Shape.of(CHUNK)));
    stepFeed = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    rows = tf.withName("rows").placeholder(TInt32.class, Placeholder.shape(Shape.of(m)));
    List<Operand<TFloat32>> images = new ArrayList<>();
    List<Operand<TFloat32>> heights = new ArrayList<>();
    List<Operand<TFloat32>> widths = new ArrayList<>();
    for (int j = 0; j < CHUNK; j++) {
      Operand<TUint8> rgb = tf.image.decodeImage(tf.gather(files, tf.constant(j), tf.constant(0)), TUint8.class,
          DecodeImage.channels(3L), DecodeImage.expandAnimations(false));
      Operand<TFloat32> dims = tf.dtypes.cast(tf.shape(rgb), TFloat32.class);
      heights.add(tf.gather(dims, tf.constant(0), tf.constant(0)));
      widths.add(tf.gather(dims, tf.constant(1), tf.constant(0)));
      images.add(tf.expandDims(tf.dtypes.cast(rgb, TFloat32.class), tf.constant(0)));
    }
    // per view (v-major: view v of image j is row v * CHUNK + j), its image's height and width
    List<Operand<TFloat32>> hs = new ArrayList<>();
    List<Operand<TFloat32>> ws = new ArrayList<>();
    for (int v = 0; v < copies; v++) {
      hs.addAll(heights);
      ws.addAll(widths);
    }
    Operand<TFloat32> h = tf.stack(hs);
    Operand<TFloat32> w = tf.stack(ws);
    StepRandom rnd = StepRandom.rows(tf, seed, stepFeed, (long) copies * batch, rows, m);
    Operand<TFloat32> boxes = RandomResizedCrop.boxesInPixels(tf, rnd, crop, m, tf.math.div(h, w));
    // box (y1, x1, y2, x2) in [0, 1] -> ScaleAndTranslate's scale = out / crop size, translation = -start * scale
    Operand<TFloat32> y0 = column(tf, boxes, 0);
    Operand<TFloat32> x0 = column(tf, boxes, 1);
    Operand<TFloat32> sy = tf.math.div(tf.constant((float) shape.height()), tf.math.mul(tf.math.sub(column(tf, boxes, 2), y0), h));
    Operand<TFloat32> sx = tf.math.div(tf.constant((float) shape.width()), tf.math.mul(tf.math.sub(column(tf, boxes, 3), x0), w));
    Operand<TFloat32> scale = tf.stack(List.of(sy, sx), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TFloat32> shift = tf.stack(List.of(tf.math.neg(tf.math.mul(tf.math.mul(y0, h), sy)),
        tf.math.neg(tf.math.mul(tf.math.mul(x0, w), sx))), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TInt32> size = tf.constant(new int[] {shape.height(), shape.width()});
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int v = 0; v < copies; v++) {
      for (int j = 0; j < CHUNK; j++) {
        int row = v * CHUNK + j;
        Operand<TFloat32> view = tf.image.scaleAndTranslate(images.get(j), size,
            tf.gather(scale, tf.constant(row), tf.constant(0)), tf.gather(shift, tf.constant(row), tf.constant(0)),
            ScaleAndTranslate.kernelType("triangle"), ScaleAndTranslate.antialias(true));
        out.add(toChannels(tf, view, shape.channels()));
      }
    }
    views = ImageCodec.toUint8(tf, tf.concat(out, tf.constant(0)));
    session = new Session(graph, config);
  }

  private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> boxes, int c) {
    return tf.reshape(tf.slice(boxes, tf.constant(new int[] {0, c}), tf.constant(new int[] {-1, 1})),
        tf.constant(new int[] {-1}));
  }

  /** RGB to the model's channels: ITU-R 601 luma for one channel (as serving's embed_encoded). */
  static Operand<TFloat32> toChannels(Ops tf, Operand<TFloat32> rgb, int channels) {
    if (channels == 3) {
      return rgb;
    }
    return tf.reduceSum(tf.math.mul(rgb, tf.constant(EncodedImages.LUMA)), tf.constant(3), ReduceSum.keepDims(true));
  }

  public int copies() {
    return copies;
  }

  /**
   * The views of up to {@link #CHUNK} images of step {@code step}'s batch.
   *
   * @param positions each image's position in the global batch (which draws it gets)
   * @param out receives view v of image j at pixel offset {@code (v * stride + at + j) * pixelsPerImage}
   * @throws BadImageException naming the chunk element TensorFlow could not decode
   */
  public void decode(long step, List<byte[]> images, int[] positions, int batch, byte[] out, int stride, int at)
      throws BadImageException {
    int n = images.size();
    byte[][] padded = new byte[CHUNK][];
    int[] r = new int[copies * CHUNK];
    for (int j = 0; j < CHUNK; j++) {
      int k = Math.min(j, n - 1);
      padded[j] = images.get(k);
      for (int v = 0; v < copies; v++) {
        r[v * CHUNK + j] = v * batch + positions[k];
      }
    }
    int per = shape.pixelsPerImage();
    try (TString f = TString.tensorOfBytes(NdArrays.vectorOfObjects(padded));
        TInt64 s = TInt64.scalarOf(step);
        TInt32 rt = TInt32.vectorOf(r);
        Result res = session.runner().feed(files, f).feed(stepFeed, s).feed(rows, rt).fetch(views).run()) {
      byte[] all = new byte[copies * CHUNK * per];
      ((TUint8) res.get(0)).copyTo(DataBuffers.of(all, false, false));
      for (int v = 0; v < copies; v++) {
        for (int j = 0; j < n; j++) {
          System.arraycopy(all, (v * CHUNK + j) * per, out, (v * stride + at + j) * per, per);
        }
      }
    } catch (RuntimeException e) {
      // TensorFlow reports a bad image as TFInvalidArgumentException, an IllegalArgumentException
      throw new BadImageException(Messages.firstLine(e), badElement(images));
    }
  }

  /** Which image of a failed chunk TensorFlow cannot decode (decoded one by one); -1 if none alone. */
  private int badElement(List<byte[]> images) {
    try (ImageCodec codec = new ImageCodec(1)) {
      for (int j = 0; j < images.size(); j++) {
        try {
          codec.dims(images.get(j));
        } catch (ImageCodec.ImageException e) {
          return j;
        }
      }
    }
    return -1;
  }

  /** A chunk TensorFlow could not decode, and which of its images is bad. */
  public static final class BadImageException extends Exception {
    public final int element;

    BadImageException(String message, int element) {
      super(message);
      this.element = element;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
