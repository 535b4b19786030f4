package io.simclr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "pretrain", mixinStandardHelpOptions = true, description = "Not implemented yet.")
public final class PretrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("pretrain is not implemented yet");
  }
}
