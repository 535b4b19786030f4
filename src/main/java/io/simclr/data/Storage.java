package io.simclr.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a prepared dataset stores its images. Raw keeps decoded uint8 pixels at the training size
 * (small fixed-size sets: IDX, CIFAR; any set by option); encoded keeps the image file itself
 * (JPEG as it came, other formats re-encoded) at source resolution or capped, so the random
 * resized crop is taken from the full image at training time.
 */
public enum Storage {
  RAW("raw"),
  ENCODED("encoded");

  private final String label;

  Storage(String label) {
    this.label = label;
  }

  @JsonCreator
  public static Storage parse(String s) {
    for (Storage v : values()) {
      if (v.label.equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown storage '" + s + "' (raw, encoded)");
  }

  @JsonValue
  @Override
  public String toString() {
    return label;
  }
}
