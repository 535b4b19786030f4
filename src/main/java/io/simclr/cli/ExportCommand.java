package io.simclr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Not implemented yet.")
public final class ExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("export is not implemented yet");
  }
}
