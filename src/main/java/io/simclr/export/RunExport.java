package io.simclr.export;

import io.simclr.run.Checkpoints;
import io.simclr.run.RunInfo;
import io.simclr.run.Seeds;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Exports a pretraining run's encoder, and the random-init twin of an exported encoder. */
public final class RunExport {
  private RunExport() {}

  /**
   * Exports from one of the run's checkpoints (the latest when {@code step} is null).
   *
   * @return the step of the exported checkpoint
   */
  public static long export(Path runDir, Long step, Path out, Overwrite overwrite) throws IOException {
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
    EncoderExporter.export(info.recipe().model(), new Weights.Checkpoint(ckpts.prefix(chosen)),
        runDir.resolve(RunInfo.FILE_NAME), out, overwrite);
    return chosen;
  }

  /**
   * The random-init baseline of an exported encoder: the same architecture (from its
   * {@code assets.extra/run.json}) with fresh weights from the run's baseline seed, exported the
   * same way into {@code out}.
   */
  public static void randomInitTwin(Path savedModel, Path out) throws IOException {
    Path runJson = savedModel.resolve(ExportContract.RUN_FILE);
    if (!Files.isRegularFile(runJson)) {
      throw new IOException(runJson + ": missing; the random-init baseline needs the run's recipe");
    }
    RunInfo info = RunInfo.readFile(runJson);
    AtomicFiles.deleteStaleTemps(out);
    EncoderExporter.export(info.recipe().model(), new Weights.Random(Seeds.randomInitBaseline(info.recipe().seed())),
        runJson, out, Overwrite.REFUSE);
  }
}
