package io.simclr.eval;

import java.nio.file.Path;

/** A feature source evaluated beside the encoder, to show what pretraining added. */
public sealed interface Baseline {
  String name();

  /** The pixels themselves, flattened and scaled to [0, 1]. */
  record RawPixels() implements Baseline {
    @Override
    public String name() {
      return "raw-pixels";
    }
  }

  /** Another encoder SavedModel (e.g. the random-init twin made by {@code export}). */
  record SavedModel(String name, Path dir) implements Baseline {}
}
