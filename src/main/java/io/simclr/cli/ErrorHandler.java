package io.simclr.cli;

import io.simclr.util.InvalidConfigException;
import io.simclr.util.Messages;
import picocli.CommandLine;

/**
 * Failures become one line on stderr: exit 2 for a configuration that cannot work (bad usage,
 * found before anything was written), 1 for anything else; the stack trace only with --verbose.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    boolean verbose = parseResult.subcommand() != null
        && parseResult.subcommand().hasMatchedOption("--verbose");
    cl.getErr().println("error: " + Messages.firstLine(e));
    if (verbose) {
      e.printStackTrace(cl.getErr());
    }
    return e instanceof InvalidConfigException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
  }
}
