package io.simclr.config;

/** How the training split reaches the steps. */
public enum DataLoading {
  /** In memory when it is raw and fits the memory budget, else streamed. */
  AUTO("auto"),
  /** The whole split read into memory first (raw storage only); needed for --data-on-device. */
  MEMORY("memory"),
  /** Read record by record from the shards, a few batches ahead, on background threads. */
  STREAM("stream");

  private final String label;

  DataLoading(String label) {
    this.label = label;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  @Override
  public String toString() {
    return label;
  }
}
