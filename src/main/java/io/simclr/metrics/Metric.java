package io.simclr.metrics;

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
  KNN_TOP1("knn_top1", "kNN %.3f"),
  /** Effective rank (RankMe) of the health monitor's sample's features h (only on monitor steps). */
  RANK_H("rank_h", null),
  /** Effective rank of the sample's projections z (only on monitor steps). */
  RANK_Z("rank_z", "rank z %.1f"),
  /** Alignment of the normalised z of two views of each sample image (lower: views agree). */
  ALIGNMENT("alignment", null),
  /** Uniformity of the normalised z of the sample (lower: spread more evenly on the sphere). */
  UNIFORMITY("uniformity", null),
  /** Mean per-dimension std of the sample's normalised z (1/sqrt(d) when spread evenly, 0 collapsed). */
  Z_STD("z_std", null),
  /** 1 when the health signals say the run is collapsing, else 0 (only on monitor steps). */
  COLLAPSE("collapse", null);

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
