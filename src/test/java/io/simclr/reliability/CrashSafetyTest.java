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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 at random moments, then resume: the result equals an uninterrupted run. */
public class CrashSafetyTest {
  @TempDir Path tmp;

  public static String[] pretrainArgs(Path data, Path out) {
    return pretrainArgs(data, out, 3);
  }

  /** A tiny 40-step run that logs every step. */
  static String[] pretrainArgs(Path data, Path out, int checkpointEvery) {
    return pretrainArgs(data, out, checkpointEvery, 40);
  }

  /** A tiny run of {@code steps} steps that logs every step. */
  public static String[] pretrainArgs(Path data, Path out, int checkpointEvery, long steps) {
    return new String[] {"pretrain", "--data", data.toString(), "--out", out.toString(),
        "--encoder", "resnet-small", "--head-hidden", "32", "--projection-dim", "16",
        "--batch-size", "32", "--steps", Long.toString(steps), "--optimizer", "lars", "--lr", "0.5",
        "--lr-scaling", "none", "--warmup-epochs", "0", "--checkpoint-every", Integer.toString(checkpointEvery),
        "--keep-checkpoints", "2", "--log-every", "1", "--seed", "3", "--threads", "1"};
  }

  @Test
  void killedPretrainResumesToTheUninterruptedResult() throws Exception {
    killAndResume(TinyRuns.writeDataset(tmp.resolve("data"), 128, 16), 4, 42);
  }

  @Test
  void killedStreamingPretrainOnJpegFilesResumesToTheUninterruptedResult() throws Exception {
    killAndResume(TinyRuns.writeEncodedDataset(tmp.resolve("encoded"), 128, 16, "jpg"), 2, 43);
  }

  /** A 40-step run killed {@code killsWanted} times at random steps and resumed equals an uninterrupted one. */
  void killAndResume(Path data, int killsWanted, long seed) throws Exception {
    killAndResume(tmp, "pretrain", out -> pretrainArgs(data, out), 40, killsWanted, seed, 0.25);
  }

  /**
   * kill -9 of a training command at random moments ({@code startupShare} of them during start-up,
   * before its first step; the rest a little after a random logged step), resumed after each, then
   * run to the end: its last checkpoint and every metrics line equal an uninterrupted run's.
   *
   * @param firstArgs the command line that starts the run in the given output directory
   * @return one line per kill
   */
  public static List<String> killAndResume(Path dir, String command, Function<Path, String[]> firstArgs, long steps,
      int killsWanted, long seed, double startupShare) throws Exception {
    Path log = dir.resolve(command + "-log.txt");
    Path whole = dir.resolve(command + "-whole");
    assertEquals(0, Forked.run(log, firstArgs.apply(whole)), () -> read(log));

    Path run = dir.resolve(command + "-killed");
    Random r = new Random(seed);
    int kills = 0;
    List<String> lines = new ArrayList<>();
    long logged = 0;
    while (kills < killsWanted) {
      String[] args = !Files.isRegularFile(run.resolve("run.json")) && !Files.isRegularFile(run.resolve("finetune.json"))
          ? firstArgs.apply(run) : new String[] {command, "--out", run.toString(), "--resume"};
      Process p = Forked.start(log, args);
      // the second kill always falls in a resume's start-up (restore) when start-up kills are asked for
      boolean startup = r.nextDouble() < startupShare || (kills == 1 && startupShare > 0);
      String when;
      if (startup) {
        long delay = 300 + r.nextInt(4000);
        long before = lastLoggedStep(run);
        Thread.sleep(delay);
        when = "start-up +" + delay + " ms" + (lastLoggedStep(run) > before ? " (had stepped)" : "");
      } else {
        // wait until the run has logged a random later step, then kill it a little after
        long target = Math.min(steps - 10, logged + 2 + r.nextInt(6));
        while (p.isAlive() && lastLoggedStep(run) < target) {
          Thread.sleep(10);
        }
        Thread.sleep(r.nextInt(200));
        when = "after step " + target;
      }
      if (!p.isAlive()) {
        fail("the run finished before it could be killed: " + read(log));
      }
      p.destroyForcibly().waitFor();
      kills++;
      logged = lastLoggedStep(run);
      // Every visible checkpoint is complete; no half-written one is visible.
      Checkpoints c = new Checkpoints(run, 2);
      Long latest = null;
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
        latest = c.latest().orElse(null);
      }
      lines.add(command + ": killed " + when + ", latest checkpoint " + latest);
    }
    if (!Files.isRegularFile(new Checkpoints(run, 2).prefix(steps).resolveSibling("COMPLETE"))) {
      assertEquals(0, Forked.run(log, command, "--out", run.toString(), "--resume"), () -> read(log));
    }
    System.out.println("crash test: " + kills + " kills of " + command + ": " + lines);
    assertArrayEquals(TinyRuns.checkpointBytes(whole, steps), TinyRuns.checkpointBytes(run, steps),
        "final weights after " + kills + " kills: " + lines);
    assertEquals(TinyRuns.losses(whole), TinyRuns.losses(run), "metrics.jsonl after resumes");
    return lines;
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
  public static long lastLoggedStep(Path run) {
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

  public static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
