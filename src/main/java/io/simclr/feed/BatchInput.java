package io.simclr.feed;

import io.simclr.augment.BatchPixels;
import io.simclr.config.RunOptions;
import io.simclr.data.ImageSet;
import io.simclr.input.HostBatch;
import java.io.IOException;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/**
 * Where a step's images (and, for a graph that asks, their labels) come from. The graph side is
 * built once ({@link #build}, {@link #labels}); each step then feeds its batch, which depends
 * only on the step.
 */
public interface BatchInput extends AutoCloseable {
  /** Builds the image input: whole uint8 images to crop, or views cropped already. */
  BatchPixels build(Ops tf);

  /** Builds the label input (call after {@link #build}); returns the int32 labels [B]. */
  Operand<TInt32> labels(Ops tf);

  /** Runs once after the session is initialised or restored (e.g. to upload the data). */
  void load(Session s);

  /** Adds step {@code step}'s feed to {@code runner}; the caller closes it after the step. */
  Feed feed(Session.Runner runner, long step) throws IOException;

  /** Seconds the training loop has waited for input so far (made ahead, on other threads, when streamed). */
  default double waitSeconds() {
    return 0;
  }

  @Override
  default void close() {}

  /** Whole batches of an in-memory set in a seed-0 order (graph tests): fed pixels, or indices with data on device. */
  static BatchInput of(ImageSet train, int batchSize, boolean dataOnDevice) {
    TrainData data = TrainData.inMemory(train);
    BatchOrder order = new BatchOrder(train.size(), batchSize, 0);
    return data.input(order, 0, batchSize, batchSize, null,
        RunOptions.defaults().withDataOnDevice(dataOnDevice), System.err);
  }

  /** The same images every step (benchmarks). */
  static BatchInput fixed(ImageSet images) {
    return new FedPixels(images.shape(), images.size(), 0,
        step -> new HostBatch(step, images.pixels(), images.labels()));
  }
}
