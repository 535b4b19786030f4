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
   * Exports from the run's latest complete checkpoint.
   *
   * @return the step of the exported checkpoint
   */
  public static long exportLatest(Path runDir, Path out, Overwrite overwrite) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Checkpoints ckpts = new Checkpoints(runDir, Integer.MAX_VALUE);
    long latest = ckpts.latest().orElseThrow(() -> new IOException(runDir + ": has no complete checkpoint yet"));
    return export(runDir, info, ckpts, latest, out, overwrite);
  }

  /**
   * Exports from the run's checkpoint of {@code step}.
   *
   * @return {@code step}
   */
  public static long export(Path runDir, long step, Path out, Overwrite overwrite) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Checkpoints ckpts = new Checkpoints(runDir, Integer.MAX_VALUE);
    if (!ckpts.steps().contains(step)) {
      throw new IOException(runDir + ": has no complete checkpoint at step " + step + " (has " + ckpts.steps() + ")");
    }
    return export(runDir, info, ckpts, step, out, overwrite);
  }

  private static long export(Path runDir, RunInfo info, Checkpoints ckpts, long step, Path out, Overwrite overwrite)
      throws IOException {
    EncoderExporter.export(info.recipe().model(), new Weights.Checkpoint(ckpts.prefix(step)),
        runDir.resolve(RunInfo.FILE_NAME), out, overwrite);
    return step;
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
