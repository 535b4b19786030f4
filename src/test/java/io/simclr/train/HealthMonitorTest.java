package io.simclr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simclr.config.Recipe;
import io.simclr.optim.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label-free health monitor inside a run: logged on monitor steps, in range, and stopping a collapsed run. */
class HealthMonitorTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 16);
  }

  @Test
  void healthSignalsAreLoggedOnMonitorStepsWithinTheirRanges() throws Exception {
    Recipe r = TinyRuns.config(data, 4, Optimizer.LARS, 0.5);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Pretrainer.start(r, TinyRuns.options().withMonitorEvery(2), tmp.resolve("run"), new PrintStream(log));
    assertTrue(log.toString().contains("health monitor: effective rank of h and z, alignment and uniformity of z, on "
        + "64 training images"), log.toString());
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(tmp.resolve("run/metrics.jsonl"));
    int measured = 0;
    for (String line : lines) {
      JsonNode m = json.readTree(line);
      long step = m.get("step").asLong();
      assertEquals(step % 2 == 0, m.has("rank_z"), line);
      if (!m.has("rank_z")) {
        continue;
      }
      measured++;
      // h: resnet-small's 128 features; z: the 16-d projection; the sample has 64 images
      assertTrue(m.get("rank_h").asDouble() >= 1 && m.get("rank_h").asDouble() <= 64, line);
      assertTrue(m.get("rank_z").asDouble() >= 1 && m.get("rank_z").asDouble() <= 16, line);
      assertTrue(m.get("alignment").asDouble() >= 0 && m.get("alignment").asDouble() <= 4, line);
      assertTrue(m.get("uniformity").asDouble() <= 0 && m.get("uniformity").asDouble() >= -4.1, line);
      assertTrue(m.get("z_std").asDouble() > 0 && m.get("z_std").asDouble() <= 1, line);
      double c = m.get("collapse").asDouble();
      assertTrue(c == 0 || c == 1, line);
    }
    assertEquals(2, measured, String.join("\n", lines));
  }

  @Test
  void stopOnCollapseEndsARunThatLearnsNothingAndKeepsItsCheckpoint() throws Exception {
    // temperature 1000: every logit is within 0.002 of 0, so the loss sits at ln(2N - 1)
    Recipe r = TinyRuns.config(data, 12, Optimizer.LARS, 0.5).withTemperature(1000);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Pretrainer.start(r,
        TinyRuns.options().withMonitorEvery(2).withStopOnCollapse(true), tmp.resolve("flat"), new PrintStream(log)));
    // three measurements (steps 2, 4, 6) in a row
    assertTrue(e.getMessage().contains("looks collapsed at step 6") && e.getMessage().contains("for 3 measurements"),
        e.getMessage());
    assertTrue(Files.isDirectory(tmp.resolve("flat/checkpoints/ckpt-5")), "the last checkpoint is kept");
    // without the flag: a warning line, "collapse": 1, and the run goes on to the end
    ByteArrayOutputStream warned = new ByteArrayOutputStream();
    Pretrainer.start(r, TinyRuns.options().withMonitorEvery(2), tmp.resolve("warned"), new PrintStream(warned));
    assertTrue(warned.toString().contains("warning: the run may be collapsing at step 6"), warned.toString());
    assertTrue(Files.readString(tmp.resolve("warned/metrics.jsonl")).contains("\"collapse\":1.0"));
    assertTrue(Files.isDirectory(tmp.resolve("warned/checkpoints/ckpt-12")));
  }
}
