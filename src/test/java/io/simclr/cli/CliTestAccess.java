package io.simclr.cli;

import java.io.ByteArrayOutputStream;

/** The CLI run with stderr captured, for tests in other packages. */
public final class CliTestAccess {
  private CliTestAccess() {}

  public static int run(ByteArrayOutputStream err, String... args) {
    return CliTest.run(err, args);
  }
}
