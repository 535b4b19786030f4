package io.simclr.util;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void discardRemovesTheDirectoryAndLeavesNoSibling() throws Exception {
    Path ckpt = tmp.resolve("ckpt-6");
    Files.createDirectories(ckpt.resolve("sub"));
    Files.writeString(ckpt.resolve("COMPLETE"), "6");
    Files.writeString(ckpt.resolve("sub/variables.index"), "x");
    AtomicFiles.discardDirectory(ckpt);
    AtomicFiles.discardDirectory(ckpt); // absent: nothing to do
    try (var s = Files.list(tmp)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void staleTempsRemoveWhatAnInterruptedDiscardOrWriteLeftButNothingElse() throws Exception {
    // what kill -9 leaves mid-discard: a hidden, half-deleted copy (marker present, data gone)
    Path halfDeleted = tmp.resolve(".ckpt-6.old-1234");
    Files.createDirectories(halfDeleted);
    Files.writeString(halfDeleted.resolve("COMPLETE"), "6");
    Path halfWritten = tmp.resolve(".ckpt-9.tmp-5678");
    Files.createDirectories(halfWritten);
    Path kept = tmp.resolve("ckpt-9");
    Files.createDirectories(kept);
    Path other = tmp.resolve(".other.old-1");
    Files.createDirectories(other);
    AtomicFiles.deleteStaleTemps(tmp, ".ckpt-");
    assertFalse(Files.exists(halfDeleted));
    assertFalse(Files.exists(halfWritten));
    assertTrue(Files.isDirectory(kept));
    assertTrue(Files.isDirectory(other));
  }
}
