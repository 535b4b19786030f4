package io.simclr.config;

import java.nio.file.Path;

/**
 * Where a fine-tuning run's encoder starts: from random weights ({@link Scratch}, the baseline) or
 * from a pretraining run or exported encoder ({@link Pretrained}; {@code run/EncoderSource} reads
 * its architecture and weights). {@code finetune.json} keeps it as the string {@link #SCRATCH} or
 * the source's absolute path.
 */
public sealed interface EncoderStart {
  /** How {@code --from} and {@code finetune.json} spell a start from random weights. */
  String SCRATCH = "scratch";

  /** Random initialisation. */
  record Scratch() implements EncoderStart {
    @Override
    public String recorded() {
      return SCRATCH;
    }
  }

  /** The weights of a pretraining run's latest checkpoint or of an exported encoder SavedModel. */
  record Pretrained(Path dir) implements EncoderStart {
    @Override
    public String recorded() {
      return dir.toString();
    }
  }

  /** {@code --from}'s value or finetune.json's {@code source}: "scratch" or a path (made absolute). */
  static EncoderStart of(String source) {
    return SCRATCH.equals(source) ? new Scratch() : new Pretrained(Path.of(source).toAbsolutePath());
  }

  /** The string finetune.json records. */
  String recorded();
}
