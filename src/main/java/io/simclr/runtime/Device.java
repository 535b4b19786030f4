package io.simclr.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where the training graph runs. */
public enum Device {
  /** GPU:0 when TensorFlow can place an op there, else the CPU. */
  AUTO,
  CPU,
  /** GPU:0, every op pinned, no soft placement: fails at start if an op cannot run there. */
  GPU;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
