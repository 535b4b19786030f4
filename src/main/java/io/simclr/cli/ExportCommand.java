package io.simclr.cli;

import io.simclr.export.RunExport;
import io.simclr.util.Overwrite;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Export a pretraining run's encoder as a TensorFlow SavedModel (tag 'serve').",
      "Signatures: serving_default (images float32 [N,H,W,C] in [0,1] -> embedding [N,D]),",
      "projection (-> embedding, projection) and embed_encoded (image_bytes: one encoded",
      "PNG/JPEG/GIF/BMP string -> embedding [1,D]). assets.extra/ holds run.json and",
      "preprocessing.json (input size, channels, value range).",
      "",
      "Example: export --run runs/fm --out saved-models/fm"
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--run", required = true, description = "Pretraining run directory.")
  Path run;

  @Option(names = "--out", required = true, description = "SavedModel directory to create.")
  Path out;

  @Option(names = "--step", description = "Checkpoint step to export (default: the latest).")
  Long step;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    long s = step == null ? RunExport.exportLatest(run, out, Overwrite.force(force))
        : RunExport.export(run, step, out, Overwrite.force(force));
    System.out.println("exported " + run + " step " + s + " to " + out);
    return 0;
  }
}
