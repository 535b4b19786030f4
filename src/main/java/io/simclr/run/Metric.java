package io.simclr.run;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The scalars a training step reports: the key in {@code metrics.jsonl}, the tag in TensorBoard
 * and the label on the progress line. Written by the training loop and read back by {@code plot}
 * through this one definition.
 */
public enum Metric {
  LOSS("loss", "loss %.4f"),
  /** Top-1 of a supervised step's batch (fine-tuning). */
  ACCURACY("accuracy", "acc %.3f"),
  CONTRASTIVE_ACCURACY("contrastive_accuracy", "acc %.3f"),
  ENTROPY("entropy", null),
  LEARNING_RATE("learning_rate", "lr %.4g"),
  /** Train accuracy of the online linear probe on the step's batch (first views). */
  ONLINE_PROBE_ACCURACY("online_probe_accuracy", "probe %.3f"),
  ONLINE_PROBE_LOSS("online_probe_loss", null),
  /** kNN top-1 of the monitor's test subset against its train subset (only on monitor steps). */
  KNN_TOP1("knn_top1", "kNN %.3f");

  private final String key;
  private final String progressFormat;

  Metric(String key, String progressFormat) {
    this.key = key;
    this.progressFormat = progressFormat;
  }

  @JsonValue
  public String key() {
    return key;
  }

  /** How the progress line shows the value, or null when it does not. */
  public String progressFormat() {
    return progressFormat;
  }

  @Override
  public String toString() {
    return key;
  }
}
