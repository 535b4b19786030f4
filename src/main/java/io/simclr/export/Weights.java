package io.simclr.export;

import java.nio.file.Path;

/** Where an exported encoder's weights come from. */
public sealed interface Weights {
  /** Restored from a training checkpoint (its variables prefix). */
  record Checkpoint(Path prefix) implements Weights {}

  /** Freshly initialised from a seed: the random-init baseline. */
  record Random(long seed) implements Weights {}
}
