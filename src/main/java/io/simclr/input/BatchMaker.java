package io.simclr.input;

import java.io.IOException;

/** Reads (and decodes) the images of one step's batch. */
public interface BatchMaker extends AutoCloseable {
  /** @param records the split's record indices of this process's images, in batch order */
  HostBatch make(long step, int[] records) throws IOException, InterruptedException;

  @Override
  default void close() {}
}
