package io.simclr.train;

import io.simclr.data.ImageSet;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Where a step's images (and, for a graph that asks, their labels) come from. The graph side is
 * built once ({@link #build}, {@link #labels}); each step then feeds the batch of images
 * {@code order[offset .. offset + B)} of the training set.
 */
public interface BatchInput {
  /** Builds the image input; returns the uint8 batch [B, H, W, C]. */
  Operand<TUint8> build(Ops tf);

  /** Builds the label input (call after {@link #build}); returns the int32 labels [B]. */
  Operand<TInt32> labels(Ops tf);

  /** Runs once after the session is initialised or restored (e.g. to upload the data). */
  void load(Session s);

  /** Adds this step's feed to {@code runner}; the caller closes it after the step. */
  Feed feed(Session.Runner runner, int[] order, int offset);

  /** Feeding each batch's pixels, or (with data on device) only its indices. */
  static BatchInput of(ImageSet train, int batchSize, boolean dataOnDevice) {
    return dataOnDevice ? new ResidentDataset(train, batchSize) : new FedPixels(train, batchSize);
  }
}
