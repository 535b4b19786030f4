package io.simclr.run;

import io.simclr.config.EncoderStart;
import io.simclr.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a fine-tuning run's encoder starts: a pretraining run (its latest checkpoint) or an
 * encoder SavedModel exported by this project (its variables; the architecture from its
 * {@code assets.extra/run.json}). Both store the weights under the same variable names.
 *
 * @param run the recipe (and architecture) the weights belong to
 * @param variables the variables prefix to read them from ({@code RestoreV2})
 */
public record EncoderSource(RunInfo run, Path variables) {

  /** The encoder's architecture: the source's, or {@code scratchDefaults} from scratch. */
  public static ModelConfig architecture(EncoderStart start, ModelConfig scratchDefaults) throws IOException {
    return start instanceof EncoderStart.Pretrained p ? resolve(p.dir()).run().recipe().model() : scratchDefaults;
  }

  /** The variables prefix to warm-start from; empty from scratch. */
  public static Optional<Path> variables(EncoderStart start) throws IOException {
    return start instanceof EncoderStart.Pretrained p ? Optional.of(resolve(p.dir()).variables()) : Optional.empty();
  }

  public static EncoderSource resolve(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(RunInfo.FILE_NAME))) {
      RunInfo info = RunInfo.read(dir);
      long step = new Checkpoints(dir, Integer.MAX_VALUE).latest()
          .orElseThrow(() -> new IOException(dir + ": has no complete checkpoint yet"));
      return new EncoderSource(info, new Checkpoints(dir, Integer.MAX_VALUE).prefix(step));
    }
    if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      Path runJson = dir.resolve(RunInfo.IN_SAVED_MODEL);
      if (!Files.isRegularFile(runJson)) {
        throw new IOException(dir + ": a SavedModel without " + RunInfo.IN_SAVED_MODEL
            + ": not an encoder exported by this project, so its architecture is unknown");
      }
      return new EncoderSource(RunInfo.readFile(runJson), dir.resolve("variables").resolve("variables"));
    }
    throw new IOException(dir + ": neither a pretraining run (run.json) nor a SavedModel (saved_model.pb)");
  }
}
