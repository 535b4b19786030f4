package io.simclr.run;

import io.simclr.config.Recipe;
import io.simclr.metrics.Metric;
import io.simclr.metrics.MetricsLog;
import io.simclr.metrics.StepMetrics;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.optim.LrScaling;
import io.simclr.optim.Optimizer;
import io.simclr.util.ImageShape;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunInfoTest {
  @TempDir Path tmp;

  /** The recipe the legacy file below was written for, built the new way. */
  static Recipe expected() {
    Recipe r = Recipe.defaults(Path.of("/work/data-fm"), new ImageShape(28, 28, 1));
    return r.withAugment(r.augment().withCropMinArea(0.2).withJitterStrength(1.0))
        .withBatchSize(64).withSteps(6);
  }

  @Test
  void aV1RunJsonWrittenBeforeTheRecipeSplitReadsAsTheSameRecipe() throws Exception {
    // written by the commit before the split: one "config" with run options, flat image shape
    Path f = tmp.resolve("run.json");
    try (var in = RunInfoTest.class.getResourceAsStream("legacy-run-v1.json")) {
      Files.write(f, in.readAllBytes());
    }
    assertTrue(Files.readString(f).contains("\"config\""));
    RunInfo info = RunInfo.readFile(f);
    // written before global batch norm became the default: the run trained, and resumes, without it
    assertEquals(expected().withGlobalBn(false), info.recipe());
    assertEquals(RunInfo.FORMAT, info.format());
    assertEquals("a7ed76fb06a2d2522d522b49cc8393f37f9dd62f", info.provenance().get("gitCommit"));
  }

  @Test
  void recipeRoundTripsThroughRunJsonWithReadableNames() throws Exception {
    Recipe r = expected().withOptimizer(expected().optimizer().withKind(Optimizer.ADAM)).withLrScaling(LrScaling.LINEAR);
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    new RunInfo(RunInfo.FORMAT, r, java.util.Map.of("seed", 0)).write(dir);
    String json = Files.readString(dir.resolve(RunInfo.FILE_NAME));
    assertTrue(json.contains("\"kind\" : \"adam\"") && json.contains("\"lrScaling\" : \"linear\"")
        && json.contains("\"encoder\" : \"resnet-small\""), json);
    assertEquals(r, RunInfo.read(dir).recipe());
  }

  @Test
  void unreadableRunJsonNamesTheFile() throws Exception {
    Path dir = tmp.resolve("bad");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(RunInfo.FILE_NAME), "{\"format\": \"x\", \"recipe\": {\"batchSize\": \"many\"}}");
    var e = assertThrows(java.io.IOException.class, () -> RunInfo.read(dir));
    assertTrue(e.getMessage().contains(dir.resolve(RunInfo.FILE_NAME).toString()), e.getMessage());
    var missing = assertThrows(java.io.IOException.class, () -> RunInfo.read(tmp.resolve("none")));
    assertTrue(missing.getMessage().contains("not a pretraining run directory"), missing.getMessage());
  }

  @Test
  void validationNamesTheFlagAndTheValue() {
    Recipe r = expected();
    assertDoesNotThrow(r::validate);
    assertRejected(r.withBatchSize(1), "--batch-size");
    assertRejected(r.withTemperature(0), "--temperature");
    assertRejected(r.withLearningRate(-1), "--lr");
    assertRejected(r.withEpochs(0).withSteps(0), "--epochs");
    assertRejected(r.withAugment(r.augment().withFlipProb(1.5)), "--flip-prob");
    assertRejected(r.withAugment(r.augment().withCropMinArea(0.9).withCropMaxArea(0.5)), "--crop-min-area");
    assertRejected(r.withModel(r.model().withWidthMultiplier(0)), "--width-multiplier");
    assertRejected(r.withOptimizer(r.optimizer().withMomentum(1)), "--momentum");
  }

  static void assertRejected(Recipe r, String flag) {
    var e = assertThrows(InvalidConfigException.class, r::validate);
    assertTrue(e.getMessage().startsWith(flag), e.getMessage());
  }

  @Test
  void metricsLogReadsBackWhatItWrote() throws Exception {
    Path f = tmp.resolve(MetricsLog.FILE_NAME);
    var values = new java.util.EnumMap<Metric, Double>(Metric.class);
    values.put(Metric.LOSS, 1.5);
    values.put(Metric.LEARNING_RATE, 0.25);
    try (MetricsLog log = new MetricsLog(f, -1)) {
      log.log(new StepMetrics(10, 0.5, values, 123.0));
    }
    assertEquals("{\"step\":10,\"epoch\":0.5,\"loss\":1.5,\"learning_rate\":0.25,\"time\":123.0}",
        Files.readString(f).strip());
    var back = MetricsLog.read(f);
    assertEquals(1, back.size());
    assertEquals(new StepMetrics(10, 0.5, values, 123.0), back.get(0));
    assertEquals(1.5, Json.MAPPER.readTree(Files.readString(f)).get(Metric.LOSS.key()).asDouble());
  }
}
