package io.simclr.feed;

import io.simclr.augment.BatchPixels;
import io.simclr.data.ImageSet;
import io.simclr.util.ImageShape;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The whole training set lives in a graph variable (on the GPU with {@code --device gpu}); a step
 * sends only its image indices and gathers in the graph (labels too, where asked for). The
 * variables are saved with every checkpoint too.
 */
public final class ResidentDataset implements BatchInput {
  private final ImageSet train;
  private final BatchOrder order;
  private final int from;
  private final int count;
  private Placeholder<TUint8> datasetFeed;
  private Op loadDataset;
  private Placeholder<TInt32> indices;
  private Placeholder<TInt32> labelsFeed;
  private Op loadLabels;

  /** Feeds images [from, from + count) of every step's batch. */
  public ResidentDataset(ImageSet train, BatchOrder order, int from, int count) {
    this.train = train;
    this.order = order;
    this.from = from;
    this.count = count;
  }

  @Override
  public BatchPixels build(Ops tf) {
    datasetFeed = tf.withName("dataset_feed").placeholder(TUint8.class, Placeholder.shape(allShape()));
    var dataset = tf.withName("dataset").variable(allShape(), TUint8.class);
    loadDataset = tf.assign(dataset, datasetFeed);
    indices = tf.withName("batch_indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(count)));
    return new BatchPixels.Images(tf.gather(dataset, indices, tf.constant(0)));
  }

  @Override
  public Operand<TInt32> labels(Ops tf) {
    labelsFeed = tf.withName("labels_feed").placeholder(TInt32.class, Placeholder.shape(Shape.of(train.size())));
    var all = tf.withName("dataset_labels").variable(Shape.of(train.size()), TInt32.class);
    loadLabels = tf.assign(all, labelsFeed);
    return tf.gather(all, indices, tf.constant(0));
  }

  @Override
  public void load(Session s) {
    try (TUint8 all = TUint8.tensorOf(allShape(), DataBuffers.of(train.pixels(), true, false))) {
      s.runner().feed(datasetFeed, all).addTarget(loadDataset).run().close();
    }
    if (labelsFeed != null) {
      try (TInt32 y = TInt32.vectorOf(train.labels())) {
        s.runner().feed(labelsFeed, y).addTarget(loadLabels).run().close();
      }
    }
  }

  @Override
  public Feed feed(Session.Runner runner, long step) {
    TInt32 x = TInt32.vectorOf(order.images(step, from, count));
    runner.feed(indices, x);
    return new Feed(List.of(x));
  }

  private Shape allShape() {
    ImageShape s = train.shape();
    return Shape.of(train.size(), s.height(), s.width(), s.channels());
  }
}
