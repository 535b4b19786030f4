package io.simclr.run;

import io.simclr.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Where a new run may start: a directory that does not exist, is empty, or holds only leftovers. */
public final class RunDirectory {
  private RunDirectory() {}

  /**
   * Refuses, without touching it, a directory that holds a run or anything else besides what a
   * start killed before its first complete write leaves behind: hidden temporary files and the
   * named {@code leftovers} (files a run writes before the one that marks it as existing).
   */
  public static void checkFresh(Path runDir, String... leftovers) throws IOException {
    if (!Files.isDirectory(runDir)) {
      if (Files.exists(runDir)) {
        throw new IOException(runDir + ": exists and is not a directory; choose another --out");
      }
      return;
    }
    Set<String> ignored = Set.of(leftovers);
    try (var s = Files.list(runDir)) {
      boolean occupied = s.map(p -> p.getFileName().toString())
          .anyMatch(n -> !ignored.contains(n) && !AtomicFiles.isTemp(n));
      if (occupied) {
        throw new IOException(runDir + ": already exists; use --resume to continue it or choose a new --out");
      }
    }
  }

  /** {@link #checkFresh}, then clears the leftovers it allows. */
  public static void requireFresh(Path runDir, String... leftovers) throws IOException {
    checkFresh(runDir, leftovers);
    if (!Files.isDirectory(runDir)) {
      return;
    }
    AtomicFiles.deleteStaleTemps(runDir, ".");
    for (String name : leftovers) {
      Files.deleteIfExists(runDir.resolve(name));
    }
  }
}
