package io.simclr.reliability;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.train.Pretrainer;
import io.simclr.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that cannot be written (disk full, on a small tmpfs mounted for the test) gives a
 * clear error and keeps the previous good checkpoint, from which the run resumes. Skipped where
 * the test may not mount file systems.
 */
class DiskFullTest {
  @TempDir Path tmp;

  static boolean sh(String cmd) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  static long size(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  @Test
  void fullDiskKeepsThePreviousCheckpoint() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 8);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    // measure one checkpoint of this model
    Path probe = tmp.resolve("probe");
    Pretrainer.start(TinyRuns.config(data, 2, Optimizer.LARS, 0.1), TinyRuns.options(), probe, quiet);
    long ckpt = size(new Checkpoints(probe, 2).prefix(2).getParent());
    long runJson = Files.size(probe.resolve("run.json"));

    Path mnt = tmp.resolve("small-disk");
    Files.createDirectories(mnt);
    long bytes = runJson + ckpt * 3 / 2 + 64 * 1024;
    assumeTrue(sh("mount -t tmpfs -o size=" + bytes + " tmpfs " + mnt), "cannot mount a tmpfs here");
    try {
      Path run = mnt.resolve("run");
      IOException e = assertThrows(IOException.class,
          () -> Pretrainer.start(TinyRuns.config(data, 6, Optimizer.LARS, 0.1), TinyRuns.options(), run, quiet));
      assertTrue(e.getMessage().contains("ckpt-") || e.getMessage().contains("space"), e.getMessage());
      Checkpoints c = new Checkpoints(run, 2);
      assertEquals(5L, c.latest().orElseThrow(), "the step-5 checkpoint survives (checkpoint-every 5)");
      try (var s = Files.list(c.directory())) {
        assertEquals(1, s.count(), "no half-written checkpoint is left behind");
      }
      // with space again (a copy of the run elsewhere), the run resumes from step 5 and completes
      Path moved = tmp.resolve("moved");
      assertTrue(sh("cp -r " + run + " " + moved));
      assertEquals(6, Pretrainer.resume(moved, TinyRuns.options(), quiet).step());
    } finally {
      sh("umount " + mnt);
    }
  }
}
