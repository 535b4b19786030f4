package io.simclr.reliability;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.PreparedDataset;
import io.simclr.testing.Forked;
import io.simclr.train.Checkpoints;
import io.simclr.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 at random moments, then resume: the result equals an uninterrupted run. */
class CrashSafetyTest {
  @TempDir Path tmp;

  static String[] pretrainArgs(Path data, Path out) {
    return new String[] {"pretrain", "--data", data.toString(), "--out", out.toString(),
        "--encoder", "resnet-small", "--head-hidden", "32", "--projection-dim", "16",
        "--batch-size", "32", "--steps", "40", "--optimizer", "lars", "--lr", "0.5",
        "--lr-scaling", "none", "--warmup-epochs", "0", "--checkpoint-every", "3",
        "--keep-checkpoints", "2", "--log-every", "1", "--seed", "3", "--threads", "1"};
  }

  @Test
  void killedPretrainResumesToTheUninterruptedResult() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 128, 16);
    Path log = tmp.resolve("log.txt");
    Path whole = tmp.resolve("whole");
    assertEquals(0, Forked.run(log, pretrainArgs(data, whole)), () -> read(log));

    Path run = tmp.resolve("killed");
    Random r = new Random(42);
    int kills = 0;
    List<Long> seenSteps = new ArrayList<>();
    for (int attempt = 0; attempt < 6; attempt++) {
      String[] args = attempt == 0 ? pretrainArgs(data, run)
          : new String[] {"pretrain", "--out", run.toString(), "--resume"};
      Process p = Forked.start(log, args);
      // JVM start plus graph build takes a few seconds; kill somewhere in the run
      boolean finished = p.waitFor(2000 + r.nextInt(5000), TimeUnit.MILLISECONDS);
      if (finished) {
        assertEquals(0, p.exitValue(), () -> read(log));
        break;
      }
      p.destroyForcibly().waitFor();
      kills++;
      // Every visible checkpoint is complete; no half-written one is visible.
      Checkpoints c = new Checkpoints(run, 2);
      if (Files.isDirectory(c.directory())) {
        try (var s = Files.list(c.directory())) {
          for (Path d : (Iterable<Path>) s::iterator) {
            String n = d.getFileName().toString();
            if (n.startsWith("ckpt-")) {
              assertTrue(Files.isRegularFile(d.resolve("COMPLETE")), n + " lacks its marker");
              assertTrue(Files.isRegularFile(d.resolve("variables.index")), n);
            }
          }
        }
        c.latest().ifPresent(seenSteps::add);
      }
      if (attempt == 0 && !Files.isRegularFile(run.resolve("run.json"))) {
        // killed before the run was even recorded: start it again
        io.simclr.util.AtomicFiles.deleteRecursively(run);
        attempt = -1;
      }
    }
    if (!Files.isRegularFile(new Checkpoints(run, 2).prefix(40).resolveSibling("COMPLETE"))) {
      assertEquals(0, Forked.run(log, "pretrain", "--out", run.toString(), "--resume"), () -> read(log));
    }
    assertTrue(kills >= 2, "the test killed the run " + kills + " times");
    System.out.println("crash test: " + kills + " kills, latest checkpoints seen after kills " + seenSteps);
    byte[] a = Files.readAllBytes(new Checkpoints(whole, 2).prefix(40).resolveSibling("variables.data-00000-of-00001"));
    byte[] b = Files.readAllBytes(new Checkpoints(run, 2).prefix(40).resolveSibling("variables.data-00000-of-00001"));
    assertArrayEquals(a, b, "final weights after " + kills + " kills (checkpoints seen: " + seenSteps + ")");
    assertEquals(TinyRuns.losses(whole), TinyRuns.losses(run), "metrics.jsonl after resumes");
  }

  @Test
  void killedPrepLeavesOldOutputOrNothing() throws Exception {
    Path raw = tmp.resolve("raw");
    io.simclr.data.TestImages.writeIdxDir(raw, 20000, 2000, 28);
    Path out = tmp.resolve("prepared");
    Path log = tmp.resolve("prep.txt");
    Random r = new Random(7);
    for (int i = 0; i < 4; i++) {
      Process p = Forked.start(log, "prep", "--format", "mnist", "--input", raw.toString(),
          "--out", out.toString(), "--force", "--shard-size", "2000");
      if (!p.waitFor(1500 + r.nextInt(2500), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
      }
      if (Files.exists(out)) {
        // whatever is visible is complete and verifies
        assertEquals(20000, PreparedDataset.read(out, "train").size());
      }
    }
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
