package io.simclr.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces on failure.")
  boolean verbose;
}
