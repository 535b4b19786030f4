package io.simclr.optim;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the reference learning rate grows with the batch size B. */
public enum LrScaling {
  /** lr * B / 256 (the paper's rule for large batches). */
  LINEAR,
  /** lr * sqrt(B) (the paper's rule for small batches). */
  SQRT,
  /** lr as given. */
  NONE;

  public double apply(double lr, int batchSize) {
    return switch (this) {
      case LINEAR -> lr * batchSize / 256.0;
      case SQRT -> lr * Math.sqrt(batchSize);
      case NONE -> lr;
    };
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
