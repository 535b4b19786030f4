package io.simclr.optim;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The optimizers on offer (see {@link Optimizers}). */
public enum Optimizer {
  /** Momentum SGD with layer-wise trust ratios on weights (the SimCLR paper's choice). */
  LARS,
  /** Classic momentum SGD. */
  SGD,
  /** Adam with bias correction. */
  ADAM;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
