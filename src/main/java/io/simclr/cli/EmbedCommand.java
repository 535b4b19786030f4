package io.simclr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "embed", mixinStandardHelpOptions = true, description = "Not implemented yet.")
public final class EmbedCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("embed is not implemented yet");
  }
}
