package io.simclr.train;

import io.simclr.config.RunOptions;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.config.Recipe;
import io.simclr.eval.SavedEncoder;
import io.simclr.export.RunExport;
import io.simclr.metrics.Metric;
import io.simclr.metrics.MetricsLog;
import io.simclr.metrics.StepMetrics;
import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.util.ImageShape;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {
  @TempDir static Path tmp;
  static Path data;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 256, 64);
  }

  @Test
  void lossFallsOnATinyRun() throws Exception {
    Path run = tmp.resolve("falls");
    var o = Pretrainer.start(TinyRuns.config(data, 40, Optimizer.ADAM, 3e-3), TinyRuns.options(), run, QUIET);
    assertEquals(40, o.step());
    List<Double> l = TinyRuns.losses(run);
    assertEquals(40, l.size());
    double first = l.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = l.subList(35, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(last < first - 0.3, "loss fell from " + first + " to " + last);
    // ln(2N - 1) is the loss of collapsed projections; the start is near it, the end well below
    assertTrue(first > Math.log(63) - 1.0, "starts near chance: " + first);
    assertTrue(Files.isRegularFile(run.resolve("run.json")));
    try (var s = Files.list(run.resolve("tensorboard"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents")));
    }
    assertEquals(2, new Checkpoints(run, 2).steps().size(), "keeps the last 2 checkpoints");
  }

  @Test
  void resumeAfterStopsGivesTheSameWeightsAsAnUninterruptedRun() throws Exception {
    resumesExactly(TinyRuns.options(), "fp32");
  }

  /** bf16 keeps same-seed bit-reproducibility and exact resume; only where the CPU runs bf16 (AVX512_BF16 or AMX). */
  @Test
  void bf16ResumesToTheSameBitsWhereTheCpuHasIt() throws Exception {
    String problem = io.simclr.runtime.OneDnn.bf16Problem();
    Assumptions.assumeTrue(problem == null, () -> "not on this CPU: " + problem);
    resumesExactly(TinyRuns.options().withPrecision(io.simclr.runtime.Precision.BF16), "bf16");
  }

  private void resumesExactly(RunOptions o, String name) throws Exception {
    Recipe c = TinyRuns.config(data, 12, Optimizer.LARS, 0.5);
    Path whole = tmp.resolve("whole-" + name);
    Pretrainer.start(c, o, whole, QUIET);
    Path parts = tmp.resolve("parts-" + name);
    assertEquals(5, Pretrainer.start(c, o.withStopAfter(5), parts, QUIET).step());
    assertEquals(9, Pretrainer.resume(parts, o.withStopAfter(4), QUIET).step());
    assertEquals(12, Pretrainer.resume(parts, o, QUIET).step());
    byte[] a = TinyRuns.checkpointBytes(whole, 12);
    byte[] b = TinyRuns.checkpointBytes(parts, 12);
    assertArrayEquals(a, b, "final checkpoint bytes (all variables incl. optimizer and BN state)");
    assertEquals(TinyRuns.losses(whole), TinyRuns.losses(parts), "metrics.jsonl matches step for step");
  }

  @Test
  void refusesToOverwriteARunAndChecksShapes() throws Exception {
    Path run = tmp.resolve("exists");
    Files.createDirectories(run);
    Files.writeString(run.resolve("x"), "x");
    var e = assertThrows(IOException.class,
        () -> Pretrainer.start(TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3), TinyRuns.options(), run, QUIET));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    Recipe c = TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3);
    Recipe wrong = c.withModel(c.model().withImage(new ImageShape(12, 12, 3)));
    var e2 = assertThrows(InvalidConfigException.class,
        () -> Pretrainer.start(wrong, TinyRuns.options(), tmp.resolve("shape"), QUIET));
    assertTrue(e2.getMessage().contains("12x12x1") && e2.getMessage().contains("12x12x3"), e2.getMessage());
    assertFalse(Files.exists(tmp.resolve("shape")), "a rejected start writes nothing");
  }

  @Test
  void absurdLearningRateStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path run = tmp.resolve("nan");
    Recipe c = TinyRuns.config(data, 30, Optimizer.SGD, 1e30);
    var e = assertThrows(TrainingDivergedException.class, () -> Pretrainer.start(c, TinyRuns.options(), run, QUIET));
    assertTrue(e.getMessage().contains("loss became"), e.getMessage());
    for (long step : new Checkpoints(run, 2).steps()) {
      assertTrue(step < 30);
    }
  }

  @Test
  void theOnlineProbeLearnsWithoutChangingTheEncoder() throws Exception {
    Recipe without = TinyRuns.config(data, 30, Optimizer.LARS, 0.5);
    Path a = tmp.resolve("no-probe");
    Path b = tmp.resolve("probe");
    Pretrainer.start(without, TinyRuns.options(), a, QUIET);
    Pretrainer.start(without.withOnlineProbe(true).withOnlineProbeLr(0.01), TinyRuns.options(), b, QUIET);
    // the exported encoder and head (all their variables, batch-norm statistics included) are bit-identical
    RunExport.exportLatest(a, a.resolve("m"), Overwrite.REFUSE);
    RunExport.exportLatest(b, b.resolve("m"), Overwrite.REFUSE);
    try (SavedEncoder ea = SavedEncoder.load(a.resolve("m")); SavedEncoder eb = SavedEncoder.load(b.resolve("m"))) {
      assertEquals(ea.variablesDigest(), eb.variablesDigest());
    }
    assertEquals(TinyRuns.losses(a), TinyRuns.losses(b), "the contrastive loss, step for step");
    // separable shapes: the probe on the frozen-by-stop-gradient features beats chance clearly
    List<StepMetrics> log = MetricsLog.read(b.resolve(MetricsLog.FILE_NAME));
    double late = log.subList(20, 30).stream().mapToDouble(m -> m.get(Metric.ONLINE_PROBE_ACCURACY)).average().orElseThrow();
    assertTrue(late > 0.7, "online probe accuracy " + late);
    assertFalse(MetricsLog.read(a.resolve(MetricsLog.FILE_NAME)).get(0).values().containsKey(Metric.ONLINE_PROBE_ACCURACY));
  }
}
