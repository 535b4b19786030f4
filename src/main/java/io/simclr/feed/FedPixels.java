package io.simclr.feed;

import io.simclr.augment.BatchPixels;
import io.simclr.util.ImageShape;
import io.simclr.input.HostBatch;
import java.io.IOException;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Each step feeds its batch's uint8 pixels and labels, made on the host: whole images (the graph
 * crops them) gathered from memory or read from the shards, or views already cropped from
 * encoded images.
 */
public final class FedPixels implements BatchInput {
  /** Makes (or hands over) step {@code step}'s batch. */
  public interface Source extends AutoCloseable {
    HostBatch batch(long step) throws IOException;

    default double waitSeconds() {
      return 0;
    }

    @Override
    default void close() {}
  }

  private final ImageShape shape;
  private final int images;
  private final int copies;
  private final Source source;
  private Placeholder<TUint8> pixels;
  private Shape fedShape;
  private Placeholder<TInt32> labels;

  /**
   * @param images how many images a step feeds
   * @param copies 0: whole images; else views per image, cropped by the source
   */
  public FedPixels(ImageShape shape, int images, int copies, Source source) {
    this.shape = shape;
    this.images = images;
    this.copies = copies;
    this.source = source;
  }

  @Override
  public BatchPixels build(Ops tf) {
    if (copies == 0) {
      fedShape = shape(images);
      pixels = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(fedShape));
      return new BatchPixels.Images(pixels);
    }
    fedShape = shape(copies * images);
    pixels = tf.withName("views").placeholder(TUint8.class, Placeholder.shape(fedShape));
    return new BatchPixels.CroppedViews(pixels);
  }

  @Override
  public org.tensorflow.Operand<TInt32> labels(Ops tf) {
    labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(images)));
    return labels;
  }

  @Override
  public void load(Session s) {
    // nothing resident
  }

  @Override
  public Feed feed(Session.Runner runner, long step) throws IOException {
    HostBatch b = source.batch(step);
    TUint8 x = TUint8.tensorOf(fedShape, DataBuffers.of(b.pixels(), true, false));
    runner.feed(pixels, x);
    if (labels == null) {
      return new Feed(List.of(x));
    }
    TInt32 y = TInt32.vectorOf(b.labels());
    runner.feed(labels, y);
    return new Feed(List.of(x, y));
  }

  @Override
  public double waitSeconds() {
    return source.waitSeconds();
  }

  @Override
  public void close() {
    source.close();
  }

  private Shape shape(int rows) {
    return Shape.of(rows, shape.height(), shape.width(), shape.channels());
  }
}
