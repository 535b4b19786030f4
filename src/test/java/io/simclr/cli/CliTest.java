package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.data.TestImages;
import io.simclr.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path tmp;

  /** Runs the CLI in-process, capturing stderr. */
  static int run(ByteArrayOutputStream err, String... args) {
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true));
    try {
      return Main.execute(args);
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, Main.execute());
    assertEquals(2, Main.execute("no-such-command"));
    assertEquals(2, Main.execute("prep", "--out", tmp.toString())); // --format missing
    assertEquals(0, Main.execute("prep", "--help"));
  }

  @Test
  void everyCommandPrintsHelpWithoutWarnings() {
    for (String command : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream oldOut = System.out;
      PrintStream oldErr = System.err;
      System.setOut(new PrintStream(out, true));
      System.setErr(new PrintStream(err, true));
      int code;
      try {
        code = Main.execute(command, "--help");
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }
      assertEquals(0, code, command);
      assertTrue(out.toString().contains("Usage: simclr " + command), command + ": " + out);
      // picocli reports a stray '%' in a description as a [picocli WARN] line on stderr
      assertEquals("", err.toString(), command + " --help wrote to stderr");
    }
  }

  @Test
  void prepIdxEndToEnd() throws Exception {
    Path raw = tmp.resolve("raw");
    TestImages.writeIdxDir(raw, 30, 10, 6);
    Path out = tmp.resolve("prepared");
    assertEquals(0, Main.execute("prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out", out.toString()));
    assertEquals(30, PreparedDataset.read(out, "train").size());
    assertEquals(10, PreparedDataset.read(out, "test").size());
    // A second run without --force fails with exit 1 and leaves the dataset intact.
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(1, run(err, "prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out", out.toString()));
    assertTrue(err.toString().contains("--force"), err.toString());
    assertEquals(30, PreparedDataset.read(out, "train").size());
  }

  @Test
  void holdoutMakesAValidationLayoutFromTheTrainingSplitAlone() throws Exception {
    Path raw = tmp.resolve("raw-holdout");
    TestImages.writeIdxDir(raw, 30, 10, 6);
    ImageSet all = PreparedDataset.read(prepared(raw, tmp.resolve("whole")), "train");
    Path val = tmp.resolve("val");
    assertEquals(0, Main.execute("prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out",
        val.toString(), "--holdout", "12"));
    ImageSet train = PreparedDataset.read(val, "train");
    ImageSet test = PreparedDataset.read(val, "test");
    // the first 18 training images train, the last 12 validate: pixel for pixel, label for label
    int px = all.shape().pixelsPerImage();
    assertArrayEquals(Arrays.copyOfRange(all.pixels(), 0, 18 * px), train.pixels());
    assertArrayEquals(Arrays.copyOfRange(all.pixels(), 18 * px, 30 * px), test.pixels());
    assertArrayEquals(Arrays.copyOfRange(all.labels(), 18, 30), test.labels());
    for (String[] bad : new String[][] {{"--holdout", "30"}, {"--holdout", "-1"}}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Path out = tmp.resolve("bad-holdout");
      assertEquals(2, run(err, "prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out",
          out.toString(), bad[0], bad[1]), err.toString());
      assertTrue(err.toString().contains("--holdout"), err.toString());
      assertFalse(Files.exists(out));
    }
  }

  private static Path prepared(Path raw, Path out) {
    assertEquals(0, Main.execute("prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out", out.toString()));
    return out;
  }

  @Test
  void failureIsOneLineNamingTheFileAndLeavesNothing() throws Exception {
    Path raw = tmp.resolve("raw");
    TestImages.writeIdxDir(raw, 30, 10, 6);
    Files.write(raw.resolve("t10k-labels-idx1-ubyte.gz"), TestImages.gzip(new byte[] {0, 0, 9, 9}));
    Path out = tmp.resolve("prepared");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(1, run(err, "prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out", out.toString()));
    String msg = err.toString().strip();
    assertEquals(1, msg.lines().count(), msg);
    assertTrue(msg.startsWith("error: ") && msg.contains("t10k-labels-idx1-ubyte.gz"), msg);
    try (var s = Files.list(tmp)) {
      assertEquals(1, s.count(), "only raw/ remains");
    }
  }

  @Test
  void pretrainThroughTheCliExportsTheEncoderAtTheEnd() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 8);
    Path run = tmp.resolve("run");
    assertEquals(0, Main.execute("pretrain", "--data", data.toString(), "--out", run.toString(),
        "--steps", "3", "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8", "--log-every", "1"));
    assertTrue(Files.isRegularFile(run.resolve("saved-model/saved_model.pb")));
    assertTrue(Files.isRegularFile(run.resolve("saved-model/assets.extra/run.json")));
    // a second start into the same directory is refused; --resume of a finished run is a no-op
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(1, run(err, "pretrain", "--data", data.toString(), "--out", run.toString(), "--steps", "3"));
    assertTrue(err.toString().contains("--resume"), err.toString());
    ByteArrayOutputStream dryErr = new ByteArrayOutputStream();
    assertEquals(1, run(dryErr, "pretrain", "--data", data.toString(), "--out", run.toString(), "--dry-run"));
    assertTrue(dryErr.toString().contains("--resume"), dryErr.toString());
    assertEquals(0, Main.execute("pretrain", "--out", run.toString(), "--resume"));
    assertEquals(2, Main.execute("pretrain", "--data", data.toString(), "--out", run.toString(), "--batch-size", "x"));
  }

  @Test
  void verbosePrintsStackTrace() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(1, run(err, "prep", "--verbose", "--format", "cifar10", "--input", tmp.resolve("none").toString(), "--out", tmp.resolve("o").toString()));
    assertTrue(err.toString().lines().count() > 2, err.toString());
  }
}
