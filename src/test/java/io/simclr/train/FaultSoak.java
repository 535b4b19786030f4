package io.simclr.train;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.optim.Optimizer;
import io.simclr.reliability.CrashSafetyTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long fault soak (not in the default test run; `experiments/fault-soak.sh` runs it): kill -9
 * at random moments of two-worker pretraining (either worker, every phase), single-process
 * pretraining and fine-tuning, each resumed to the end and compared with its uninterrupted twin.
 * {@code -Dsoak.kills=N} kills in all (default 50), split 40/30/30.
 */
@Tag("soak")
class FaultSoak {
  @TempDir Path tmp;

  @Test
  void randomKillsAcrossPretrainingWorkersAndFineTuning() throws Exception {
    int kills = Integer.getInteger("soak.kills", 50);
    int workers = Math.max(1, kills * 4 / 10);
    int single = Math.max(1, kills * 3 / 10);
    int finetune = Math.max(1, kills - workers - single);
    List<String> report = new ArrayList<>();
    long t0 = System.nanoTime();

    // two workers on loopback: either killed, anywhere from start-up to the last steps
    WorkersTest.data = TinyRuns.writeDataset(tmp.resolve("workers-data"), 128, 16);
    WorkersTest.tmp = tmp;
    int timeout = 8;
    Path run = tmp.resolve("workers-run");
    Path logs = Files.createDirectories(tmp.resolve("workers-logs"));
    // long enough that every round kills a running pair (a round advances at most ~15 steps)
    long steps = 15L * workers + 20;
    WorkersTest.FaultRounds rounds = WorkersTest.randomKills(run, logs, workers, 7, steps, timeout);
    Path finish = Files.createDirectories(logs.resolve("finish"));
    WorkersTest.awaitSuccess(WorkersTest.startWorkers(run, finish, Files.isRegularFile(run.resolve("run.json"))
        ? List.of("--resume") : WorkersTest.recipeFlags(steps, false), 2), finish);
    Path reference = tmp.resolve("workers-reference");
    Path refLogs = Files.createDirectories(tmp.resolve("workers-reference-logs"));
    WorkersTest.awaitSuccess(WorkersTest.startWorkers(reference, refLogs, WorkersTest.recipeFlags(steps, false), 2),
        refLogs);
    WorkersTest.compare("soak: 2 workers after " + rounds.lines.size() + " kills", run, reference,
        WorkersTest.recipe(steps, false), steps);
    report.addAll(rounds.lines);
    report.add(String.format("workers: %d kills (%d rounds the run finished first), slowest survivor exit %.1f s "
        + "after a kill (--worker-timeout %d), final weights equal", rounds.lines.size(), rounds.finishedEarly,
        rounds.slowest, timeout));

    // one process
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 128, 16);
    long singleSteps = 8L * single + 20;
    report.addAll(CrashSafetyTest.killAndResume(Files.createDirectories(tmp.resolve("single")), "pretrain",
        out -> CrashSafetyTest.pretrainArgs(data, out, 3, singleSteps), singleSteps, single, 11, 0.25));

    // fine-tuning from a pretrained run
    Path pretrained = tmp.resolve("pretrained");
    Pretrainer.start(TinyRuns.config(data, 6, Optimizer.LARS, 0.5), TinyRuns.options(), pretrained,
        new PrintStream(new ByteArrayOutputStream()));
    long ftSteps = 8L * finetune + 20;
    report.addAll(CrashSafetyTest.killAndResume(Files.createDirectories(tmp.resolve("ft")), "finetune",
        out -> new String[] {"finetune", "--from", pretrained.toString(), "--data", data.toString(), "--out",
            out.toString(), "--labels-per-class", "20", "--batch-size", "16", "--steps", "" + ftSteps, "--lr", "0.5",
            "--checkpoint-every", "3", "--keep-checkpoints", "2", "--log-every", "1", "--seed", "4", "--threads", "1",
            "--no-export"}, ftSteps, finetune, 13, 0.25));
    report.forEach(System.out::println);
    System.out.printf("soak: %d kills (%d two-worker, %d single-process, %d fine-tuning) in %.0f s; every run equal to "
        + "its uninterrupted twin%n", workers + single + finetune, workers, single, finetune, (System.nanoTime() - t0) / 1e9);
    assertTrue(rounds.slowest < timeout + 15);
  }

  /**
   * The streaming path (issue 34): an encoded folder of JPEG files, read, decoded and cropped on two
   * input threads. One process killed {@code -Dsoak.singleKills} times (default 20), two workers
   * {@code -Dsoak.workerKills} times (default 30), each resumed to the end: final checkpoint bytes and
   * every logged loss equal to an uninterrupted run's, every visible checkpoint complete after each
   * kill, and no survivor running past --worker-timeout (plus start-up and a margin).
   */
  @Test
  void randomKillsOfStreamingPretrainingOnJpegFiles() throws Exception {
    int single = Integer.getInteger("soak.singleKills", 20);
    int workers = Integer.getInteger("soak.workerKills", 30);
    long t0 = System.nanoTime();
    Path jpeg = TinyRuns.writeEncodedDataset(tmp.resolve("jpeg"), 128, 16, "jpg");
    List<String> streaming = List.of("--data-loading", "stream", "--input-threads", "2");
    List<String> report = new ArrayList<>();

    long singleSteps = 8L * single + 20;
    report.addAll(CrashSafetyTest.killAndResume(Files.createDirectories(tmp.resolve("single")), "pretrain", out -> {
      List<String> a = new ArrayList<>(List.of(CrashSafetyTest.pretrainArgs(jpeg, out, 3, singleSteps)));
      a.addAll(streaming);
      return a.toArray(String[]::new);
    }, singleSteps, single, 17, 0.25));

    WorkersTest.data = jpeg;
    WorkersTest.tmp = tmp;
    int timeout = 8;
    long steps = 15L * workers + 20;
    List<String> recipe = new ArrayList<>(WorkersTest.recipeFlags(steps, false));
    recipe.addAll(streaming);
    Path run = tmp.resolve("workers-run");
    Path logs = Files.createDirectories(tmp.resolve("workers-logs"));
    WorkersTest.FaultRounds rounds = WorkersTest.randomKills(run, logs, workers, 19, recipe, timeout);
    Path finish = Files.createDirectories(logs.resolve("finish"));
    WorkersTest.awaitSuccess(WorkersTest.startWorkers(run, finish, Files.isRegularFile(run.resolve("run.json"))
        ? List.of("--resume") : recipe, 2), finish);
    Path reference = tmp.resolve("workers-reference");
    Path refLogs = Files.createDirectories(tmp.resolve("workers-reference-logs"));
    WorkersTest.awaitSuccess(WorkersTest.startWorkers(reference, refLogs, recipe, 2), refLogs);
    assertArrayEquals(TinyRuns.checkpointBytes(reference, steps), TinyRuns.checkpointBytes(run, steps),
        "two workers: final checkpoint after " + rounds.lines.size() + " kills");
    assertEquals(TinyRuns.losses(reference), TinyRuns.losses(run), "two workers: every logged loss");
    report.addAll(rounds.lines);
    report.forEach(System.out::println);
    System.out.printf("streaming soak: %d single-process kills, %d two-worker kills (%d rounds the run finished first),"
        + " slowest survivor exit %.1f s after a kill (--worker-timeout %d); final checkpoints and losses equal to"
        + " the uninterrupted runs; %.0f s%n", single, rounds.lines.size(), rounds.finishedEarly, rounds.slowest, timeout,
        (System.nanoTime() - t0) / 1e9);
    assertTrue(rounds.slowest < timeout + 15);
  }
}
