package io.simclr.cli;

import picocli.CommandLine;

/** Failures become one line on stderr and exit code 1; the stack trace only with --verbose. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    boolean verbose = parseResult.subcommand() != null
        && parseResult.subcommand().hasMatchedOption("--verbose");
    cl.getErr().println("error: " + io.simclr.util.Messages.firstLine(e));
    if (verbose) {
      e.printStackTrace(cl.getErr());
    }
    return 1;
  }
}
