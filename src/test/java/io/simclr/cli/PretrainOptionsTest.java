package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.config.RunOptions;
import io.simclr.run.RunInfo;
import io.simclr.runtime.Device;
import io.simclr.runtime.OneDnn;
import io.simclr.runtime.Precision;
import io.simclr.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipe and run options through the CLI: rejected before anything is written, fixed on resume. */
class PretrainOptionsTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 8);
  }

  /** A tiny run: 4 steps of 16 images, a small head, every step logged, checkpoints every 2. */
  static String[] args(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("pretrain", "--data", data.toString(), "--out", out.toString(),
        "--steps", "4", "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8",
        "--log-every", "1", "--checkpoint-every", "2", "--no-export", "--seed", "3"));
    a.addAll(Arrays.asList(extra));
    return a.toArray(String[]::new);
  }

  static String[] resumeArgs(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("pretrain", "--out", out.toString(), "--resume", "--no-export"));
    a.addAll(Arrays.asList(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void aRejectedCommandLeavesNoTraceAndTheFixedCommandRuns() throws Exception {
    Path out = tmp.resolve("rejected");
    String[][] bad = {
      {"--lr-scaling", "bogus"},
      {"--batch-size", "100000"},
      {"--flip-prob", "1.5"},
      {"--temperature", "0"},
      {"--encoder", "resnet7"},
      {"--epochs", "0", "--steps", "0"},
      {"--keep-checkpoints", "0"},
    };
    for (String[] b : bad) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> a = new ArrayList<>(List.of(args(out)));
      a.addAll(List.of(b));
      assertEquals(2, CliTest.run(err, a.toArray(String[]::new)), String.join(" ", b) + ": " + err);
      String msg = err.toString();
      assertTrue(msg.contains(b[0]), "the message names " + b[0] + ": " + msg);
      assertFalse(Files.exists(out), String.join(" ", b) + " left " + out + " behind");
    }
    assertEquals(0, Main.execute(args(out)));
    assertEquals(4, TinyRuns.losses(out).size());
  }

  @Test
  void resumeAcceptsOtherRunOptionsAndRefusesAnotherRecipe() throws Exception {
    Path whole = tmp.resolve("whole");
    assertEquals(0, Main.execute(args(whole)));
    Path parts = tmp.resolve("parts");
    assertEquals(0, Main.execute(args(parts, "--device", "cpu", "--threads", "1", "--stop-after", "2")));
    assertEquals(2, TinyRuns.losses(parts).size());
    String runJson = Files.readString(parts.resolve(RunInfo.FILE_NAME));

    // a recipe flag that differs from run.json: exit 2, naming the flag and both values; nothing changes
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, CliTest.run(err, resumeArgs(parts, "--temperature", "0.5")));
    assertTrue(err.toString().contains("--temperature 0.5 differs from the recorded 0.2"), err.toString());
    assertEquals(runJson, Files.readString(parts.resolve(RunInfo.FILE_NAME)));
    assertEquals(2, TinyRuns.losses(parts).size());

    // repeating the recorded value is fine; run options differ freely
    assertEquals(0, Main.execute(resumeArgs(parts, "--batch-size", "16", "--device", "auto", "--threads", "2",
        "--log-every", "1", "--checkpoint-every", "3")));
    assertArrayEquals(TinyRuns.checkpointBytes(whole, 4), TinyRuns.checkpointBytes(parts, 4),
        "same weights as the uninterrupted run");
    assertEquals(TinyRuns.losses(whole), TinyRuns.losses(parts));
    // the online probe and the kNN monitor are on by default (labelled data); they resume exactly too
    List<String> lines = TinyRuns.metricsWithoutTime(parts);
    assertEquals(TinyRuns.metricsWithoutTime(whole), lines);
    assertTrue(lines.get(3).contains("\"online_probe_accuracy\"") && lines.get(3).contains("\"knn_top1\""), lines.get(3));
  }

  @Test
  void bf16RunsWhereTheCpuHasItAndIsRefusedBeforeWritingWhereItDoesNot() throws Exception {
    Path out = tmp.resolve("bf16");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CliTest.run(err, args(out, "--precision", "bf16", "--device", "cpu"));
    String problem = OneDnn.bf16Problem();
    if (problem != null) {
      assertEquals(2, code, err.toString());
      assertTrue(err.toString().contains(problem), err.toString());
      assertFalse(Files.exists(out));
    } else {
      assertEquals(0, code, err.toString());
      assertTrue(TinyRuns.losses(out).stream().allMatch(Double::isFinite));
    }
  }

  @Test
  void theDefaultPrecisionIsAutoAndTheOneUsedIsPrintedAndRecorded() throws Exception {
    Path out = tmp.resolve("auto");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, CliTest.run(err, args(out, "--device", "cpu")), err.toString());
    // the decision itself is tested with injected CPUs (PrecisionChoiceTest); here: that it reaches the run
    Precision used = Precision.AUTO.resolve(Device.CPU, OneDnn.Host.here());
    assertEquals(used, RunOptions.lastUsed(out).orElseThrow().precision());
    assertTrue(err.toString().contains("on cpu in " + used), err.toString());
    // fp32 forced is recorded as such, and a resume keeps what the run used
    Path forced = tmp.resolve("forced");
    assertEquals(0, CliTest.run(new ByteArrayOutputStream(), args(forced, "--device", "cpu", "--precision", "fp32")));
    assertEquals(Precision.FP32, RunOptions.lastUsed(forced).orElseThrow().precision());
    assertEquals(0, CliTest.run(new ByteArrayOutputStream(), resumeArgs(forced)));
    assertEquals(Precision.FP32, RunOptions.lastUsed(forced).orElseThrow().precision());
  }

  /** The tiny run's recipe without a length, for --time-budget to choose it. */
  static String[] budgetArgs(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("pretrain", "--data", data.toString(), "--out", out.toString(),
        "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8", "--log-every", "1",
        "--checkpoint-every", "50", "--no-export", "--seed", "3"));
    a.addAll(Arrays.asList(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void aTimeBudgetChoosesTheStepsRecordsThemAndResumesAndReplaysExactly() throws Exception {
    Path out = tmp.resolve("budget");
    String[][] bad = {
      {"--time-budget", "0.25", "--steps", "40"},
      {"--time-budget", "0.25", "--epochs", "3"},
      {"--time-budget", "0"},
      {"--time-budget", "0.001"}, // too short for 10 steps: refused after timing, still leaving nothing
    };
    for (String[] b : bad) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(2, CliTest.run(err, budgetArgs(out, b)), String.join(" ", b) + ": " + err);
      assertTrue(err.toString().contains("--time-budget"), err.toString());
      assertFalse(Files.exists(out), String.join(" ", b) + " left " + out + " behind");
    }

    // stopped early, then resumed: the resumed part keeps the length the budget chose
    assertEquals(0, CliTest.run(new ByteArrayOutputStream(), budgetArgs(out, "--time-budget", "0.25",
        "--stop-after", "6")));
    RunInfo info = RunInfo.read(out);
    long steps = info.recipe().steps();
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> plan = (java.util.Map<String, Object>) info.provenance().get("timeBudget");
    assertEquals(steps, ((Number) plan.get("steps")).longValue());
    assertTrue(steps >= 10, "at least the fewest steps a budget may leave: " + steps);
    assertTrue(((Number) plan.get("plannedSeconds")).doubleValue() <= 15, plan.toString());
    assertEquals(6, TinyRuns.losses(out).size());
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    assertEquals(2, CliTest.run(refused, resumeArgs(out, "--time-budget", "1")));
    assertTrue(refused.toString().contains("not with --resume"), refused.toString());
    assertEquals(0, Main.execute(resumeArgs(out)));
    assertEquals(steps, TinyRuns.losses(out).size());

    // the recorded length given as --steps repeats the run bit for bit
    Path replay = tmp.resolve("replay");
    assertEquals(0, Main.execute(budgetArgs(replay, "--steps", String.valueOf(steps))));
    assertArrayEquals(TinyRuns.checkpointBytes(replay, steps), TinyRuns.checkpointBytes(out, steps));
    assertEquals(TinyRuns.losses(replay), TinyRuns.losses(out));
  }
}
