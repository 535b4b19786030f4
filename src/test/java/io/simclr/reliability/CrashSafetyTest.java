package io.simclr.reliability;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.PreparedDataset;
import io.simclr.data.TestImages;
import io.simclr.eval.SavedEncoder;
import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.testing.Forked;
import io.simclr.train.Pretrainer;
import io.simclr.train.TinyRuns;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    return pretrainArgs(data, out, 3);
  }

  /** A tiny 40-step run that logs every step. */
  static String[] pretrainArgs(Path data, Path out, int checkpointEvery) {
    return new String[] {"pretrain", "--data", data.toString(), "--out", out.toString(),
        "--encoder", "resnet-small", "--head-hidden", "32", "--projection-dim", "16",
        "--batch-size", "32", "--steps", "40", "--optimizer", "lars", "--lr", "0.5",
        "--lr-scaling", "none", "--warmup-epochs", "0", "--checkpoint-every", Integer.toString(checkpointEvery),
        "--keep-checkpoints", "2", "--log-every", "1", "--seed", "3", "--threads", "1"};
  }

  @Test
  void killedPretrainResumesToTheUninterruptedResult() throws Exception {
    killAndResume(TinyRuns.writeDataset(tmp.resolve("data"), 128, 16), 4, 42);
  }

  @Test
  void killedStreamingPretrainOnEncodedImagesResumesToTheUninterruptedResult() throws Exception {
    killAndResume(TinyRuns.writeEncodedDataset(tmp.resolve("encoded"), 128, 16), 2, 43);
  }

  /** A 40-step run killed {@code killsWanted} times at random steps and resumed equals an uninterrupted one. */
  void killAndResume(Path data, int killsWanted, long seed) throws Exception {
    Path log = tmp.resolve("log.txt");
    Path whole = tmp.resolve("whole");
    assertEquals(0, Forked.run(log, pretrainArgs(data, whole)), () -> read(log));

    Path run = tmp.resolve("killed");
    Random r = new Random(seed);
    int kills = 0;
    List<Long> seenSteps = new ArrayList<>();
    long logged = 0;
    while (kills < killsWanted) {
      String[] args = kills == 0 && !Files.isRegularFile(run.resolve("run.json")) ? pretrainArgs(data, run)
          : new String[] {"pretrain", "--out", run.toString(), "--resume"};
      if (kills == 0) {
        AtomicFiles.deleteRecursively(run);
      }
      Process p = Forked.start(log, args);
      // wait until the run has logged a random later step, then kill it a little after
      long target = Math.min(30, logged + 2 + r.nextInt(6));
      while (p.isAlive() && lastLoggedStep(run) < target) {
        Thread.sleep(10);
      }
      Thread.sleep(r.nextInt(200));
      if (!p.isAlive()) {
        fail("the run finished before it could be killed: " + read(log));
      }
      p.destroyForcibly().waitFor();
      kills++;
      logged = lastLoggedStep(run);
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
    }
    if (!Files.isRegularFile(new Checkpoints(run, 2).prefix(40).resolveSibling("COMPLETE"))) {
      assertEquals(0, Forked.run(log, "pretrain", "--out", run.toString(), "--resume"), () -> read(log));
    }
    System.out.println("crash test: " + kills + " kills, latest checkpoints seen after kills " + seenSteps);
    byte[] a = TinyRuns.checkpointBytes(whole, 40);
    byte[] b = TinyRuns.checkpointBytes(run, 40);
    assertArrayEquals(a, b, "final weights after " + kills + " kills (checkpoints seen: " + seenSteps + ")");
    assertEquals(TinyRuns.losses(whole), TinyRuns.losses(run), "metrics.jsonl after resumes");
  }

  @Test
  void killedPrepLeavesOldOutputOrNothing() throws Exception {
    Path raw = tmp.resolve("raw");
    TestImages.writeIdxDir(raw, 20000, 2000, 28);
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

  @Test
  void killedExportLeavesOldModelOrNothing() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 8);
    Path run = tmp.resolve("run");
    Pretrainer.start(TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3), TinyRuns.options(), run,
        new PrintStream(new ByteArrayOutputStream()));
    Path out = tmp.resolve("model");
    Path log = tmp.resolve("export.txt");
    Random r = new Random(11);
    for (int i = 0; i < 4; i++) {
      Process p = Forked.start(log, "export", "--run", run.toString(), "--out", out.toString(), "--force");
      if (!p.waitFor(1000 + r.nextInt(3000), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
      }
      if (Files.exists(out)) {
        // whatever is visible is a complete SavedModel
        try (var enc = SavedEncoder.load(out)) {
          assertEquals(12, enc.shape().height());
        }
      }
    }
  }

  /** The last step in metrics.jsonl (0 if none); a line torn by a kill is ignored. */
  static long lastLoggedStep(Path run) {
    try {
      List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
      for (int i = lines.size() - 1; i >= 0; i--) {
        try {
          return Json.MAPPER.readTree(lines.get(i)).get("step").asLong();
        } catch (Exception torn) {
          // keep looking
        }
      }
    } catch (Exception notYet) {
      // no log yet
    }
    return 0;
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
