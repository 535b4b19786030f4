package io.simclr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "linear-eval", mixinStandardHelpOptions = true, description = "Not implemented yet.")
public final class LinearEvalCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("linear-eval is not implemented yet");
  }
}
