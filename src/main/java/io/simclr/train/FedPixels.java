package io.simclr.train;

import io.simclr.data.ImageSet;
import io.simclr.data.ImageShape;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** Each step feeds the batch's uint8 pixels, gathered on the host. */
final class FedPixels implements BatchInput {
  private final ImageSet train;
  private final int batchSize;
  private Placeholder<TUint8> images;
  private Placeholder<TInt32> labels;

  FedPixels(ImageSet train, int batchSize) {
    this.train = train;
    this.batchSize = batchSize;
  }

  @Override
  public Operand<TUint8> build(Ops tf) {
    images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(batchShape()));
    return images;
  }

  @Override
  public Operand<TInt32> labels(Ops tf) {
    labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));
    return labels;
  }

  @Override
  public void load(Session s) {
    // nothing resident
  }

  @Override
  public Feed feed(Session.Runner runner, int[] order, int offset) {
    TUint8 x = TUint8.tensorOf(batchShape(), DataBuffers.of(train.gather(order, offset, batchSize), true, false));
    runner.feed(images, x);
    if (labels == null) {
      return new Feed(List.of(x));
    }
    int[] y = new int[batchSize];
    for (int i = 0; i < batchSize; i++) y[i] = train.labels()[order[offset + i]];
    TInt32 yt = TInt32.vectorOf(y);
    runner.feed(labels, yt);
    return new Feed(List.of(x, yt));
  }

  private Shape batchShape() {
    ImageShape s = train.shape();
    return Shape.of(batchSize, s.height(), s.width(), s.channels());
  }
}
