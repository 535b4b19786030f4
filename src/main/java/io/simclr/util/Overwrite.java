package io.simclr.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** What writing an output that already exists does. */
public enum Overwrite {
  /** Fail, naming {@code --force}. */
  REFUSE,
  /** Replace it (atomically: the old one goes only after the new one is in place). */
  REPLACE;

  /** The choice of a command's {@code --force} flag. */
  public static Overwrite force(boolean force) {
    return force ? REPLACE : REFUSE;
  }

  /** Fails early (before any work) if {@code target} exists and may not be replaced. */
  public void check(Path target) throws IOException {
    if (this == REFUSE && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + ": already exists (use --force to replace it)");
    }
  }
}
