package io.simclr.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The encoder's first layers: the CIFAR stem (3x3 stride-1 conv, no pooling) for small images,
 * the ImageNet stem (7x7 stride-2 conv, max-pool) otherwise, or {@code auto} to choose by size.
 */
public enum Stem {
  AUTO,
  CIFAR,
  IMAGENET;

  /** Largest image side that {@code auto} gives the CIFAR stem (the official code: 32; we allow 64). */
  static final int CIFAR_MAX_SIDE = 64;

  /** The concrete stem for images whose smaller side is {@code imageSide}. */
  public Stem resolve(int imageSide) {
    if (this != AUTO) {
      return this;
    }
    return imageSide <= CIFAR_MAX_SIDE ? CIFAR : IMAGENET;
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
