package io.simclr.reliability;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.run.Checkpoints;
import io.simclr.testing.Forked;
import io.simclr.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM (what Ctrl-C, kill and schedulers send) stops training cleanly at a checkpoint. */
class GracefulStopTest {
  @TempDir Path tmp;

  static String[] args(Path data, Path out) {
    // no periodic checkpoint before the end: the one the stop writes is the only one
    return CrashSafetyTest.pretrainArgs(data, out, 1000);
  }

  @Test
  void sigtermCheckpointsTheCurrentStepExitsAndResumesToTheUninterruptedResult() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 128, 16);
    Path log = tmp.resolve("log.txt");
    Path whole = tmp.resolve("whole");
    assertEquals(0, Forked.run(log, args(data, whole)), () -> CrashSafetyTest.read(log));

    Path run = tmp.resolve("stopped");
    Path stopLog = tmp.resolve("stop.txt");
    Process p = Forked.start(stopLog, args(data, run));
    while (p.isAlive() && CrashSafetyTest.lastLoggedStep(run) < 5) {
      Thread.sleep(10);
    }
    assertTrue(p.isAlive(), "the run ended before it could be stopped");
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not stop");
    String out = Files.readString(stopLog);
    assertEquals(143, p.exitValue(), out); // 128 + SIGTERM, as for any JVM ended by the signal
    assertTrue(out.contains("interrupted at step"), out);
    long logged = CrashSafetyTest.lastLoggedStep(run);
    assertTrue(logged >= 5 && logged < 40, "stopped at " + logged);
    // the stop wrote a checkpoint of exactly the last completed step: no work lost
    assertEquals(logged, new Checkpoints(run, 5).latest().orElseThrow());
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "JVM crash report written");
    }

    assertEquals(0, Forked.run(log, "pretrain", "--out", run.toString(), "--resume"), () -> CrashSafetyTest.read(log));
    byte[] a = TinyRuns.checkpointBytes(whole, 40);
    byte[] b = TinyRuns.checkpointBytes(run, 40);
    assertArrayEquals(a, b, "final weights after a stop at step " + logged);
    assertEquals(TinyRuns.losses(whole), TinyRuns.losses(run), "metrics.jsonl after the resume");
  }
}
