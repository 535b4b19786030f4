package io.simclr.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The run directory of a training command and whether to resume it (a picocli mixin). */
final class RunDirOptions {
  @Option(names = "--out", required = true, description = "Run directory to create (or to resume).")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint, with its recorded recipe.")
  boolean resume;
}
