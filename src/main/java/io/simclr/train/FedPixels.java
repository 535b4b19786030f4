package io.simclr.train;

import io.simclr.data.ImageSet;
import io.simclr.data.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TUint8;

/** Each step feeds the batch's uint8 pixels, gathered on the host. */
final class FedPixels implements BatchInput {
  private final ImageSet train;
  private final int batchSize;
  private Placeholder<TUint8> images;

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
  public void load(Session s) {
    // nothing resident
  }

  @Override
  public Tensor feed(Session.Runner runner, int[] order, int offset) {
    TUint8 x = TUint8.tensorOf(batchShape(), DataBuffers.of(train.gather(order, offset, batchSize), true, false));
    runner.feed(images, x);
    return x;
  }

  private Shape batchShape() {
    ImageShape s = train.shape();
    return Shape.of(batchSize, s.height(), s.width(), s.channels());
  }
}
