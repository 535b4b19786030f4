package io.simclr.run;

import io.simclr.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a fine-tuning run's encoder starts: from random weights ({@link Scratch}, the baseline) or
 * from a pretraining run or exported encoder ({@link Pretrained}). {@code finetune.json} keeps it as
 * the string {@link #SCRATCH} or the source's absolute path.
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

    @Override
    public ModelConfig architecture(ModelConfig scratchDefaults) {
      return scratchDefaults;
    }

    @Override
    public Optional<Path> variables() {
      return Optional.empty();
    }
  }

  /** The weights of a pretraining run's latest checkpoint or of an exported encoder SavedModel. */
  record Pretrained(Path dir) implements EncoderStart {
    @Override
    public String recorded() {
      return dir.toString();
    }

    /** The run, architecture and variables of the source ({@link EncoderSource#resolve}). */
    public EncoderSource source() throws IOException {
      return EncoderSource.resolve(dir);
    }

    @Override
    public ModelConfig architecture(ModelConfig scratchDefaults) throws IOException {
      return source().run().recipe().model();
    }

    @Override
    public Optional<Path> variables() throws IOException {
      return Optional.of(source().variables());
    }
  }

  /** {@code --from}'s value or finetune.json's {@code source}: "scratch" or a path (made absolute). */
  static EncoderStart of(String source) {
    return SCRATCH.equals(source) ? new Scratch() : new Pretrained(Path.of(source).toAbsolutePath());
  }

  /** The string finetune.json records. */
  String recorded();

  /** The encoder's architecture: the source's, or {@code scratchDefaults} from scratch. */
  ModelConfig architecture(ModelConfig scratchDefaults) throws IOException;

  /** The variables prefix to warm-start from; empty from scratch. */
  Optional<Path> variables() throws IOException;
}
