package io.simclr.train;

import io.simclr.data.ImageSet;
import io.simclr.data.ImageShape;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The whole training set lives in a graph variable (on the GPU with {@code --device gpu}); a step
 * sends only its B image indices and gathers in the graph. The variable is saved with every
 * checkpoint too.
 */
final class ResidentDataset implements BatchInput {
  private final ImageSet train;
  private final int batchSize;
  private Placeholder<TUint8> datasetFeed;
  private Op loadDataset;
  private Placeholder<TInt32> indices;

  ResidentDataset(ImageSet train, int batchSize) {
    this.train = train;
    this.batchSize = batchSize;
  }

  @Override
  public Operand<TUint8> build(Ops tf) {
    datasetFeed = tf.withName("dataset_feed").placeholder(TUint8.class, Placeholder.shape(allShape()));
    var dataset = tf.withName("dataset").variable(allShape(), TUint8.class);
    loadDataset = tf.assign(dataset, datasetFeed);
    indices = tf.withName("batch_indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));
    return tf.gather(dataset, indices, tf.constant(0));
  }

  @Override
  public void load(Session s) {
    try (TUint8 all = TUint8.tensorOf(allShape(), DataBuffers.of(train.pixels(), true, false))) {
      s.runner().feed(datasetFeed, all).addTarget(loadDataset).run().close();
    }
  }

  @Override
  public Tensor feed(Session.Runner runner, int[] order, int offset) {
    TInt32 x = TInt32.vectorOf(Arrays.copyOfRange(order, offset, offset + batchSize));
    runner.feed(indices, x);
    return x;
  }

  private Shape allShape() {
    ImageShape s = train.shape();
    return Shape.of(train.size(), s.height(), s.width(), s.channels());
  }
}
