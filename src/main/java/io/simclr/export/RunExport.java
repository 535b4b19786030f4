package io.simclr.export;

import io.simclr.train.Checkpoints;
import io.simclr.train.RunInfo;
import java.io.IOException;
import java.nio.file.Path;

/** Exports a pretraining run's encoder from one of its checkpoints (the latest by default). */
public final class RunExport {
  private RunExport() {}

  /** @return the step of the exported checkpoint */
  public static long export(Path runDir, Long step, Path out, boolean force) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Checkpoints ckpts = new Checkpoints(runDir, Integer.MAX_VALUE);
    long chosen;
    if (step != null) {
      if (!ckpts.steps().contains(step)) {
        throw new IOException(runDir + ": has no complete checkpoint at step " + step + " (has " + ckpts.steps() + ")");
      }
      chosen = step;
    } else {
      chosen = ckpts.latest().orElseThrow(() -> new IOException(runDir + ": has no complete checkpoint yet"));
    }
    EncoderExporter.export(info.config().model(), ckpts.prefix(chosen), 0,
        runDir.resolve(RunInfo.FILE_NAME), out, force);
    return chosen;
  }
}
