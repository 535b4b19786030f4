package io.simclr.train;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.optim.LearningRateSchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;

class DevicePlacementTest {
  @TempDir static Path tmp;
  static Path data;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 96, 16);
  }

  static PretrainConfig withDevice(PretrainConfig c, String device, boolean onDevice) {
    return new PretrainConfig(c.data(), c.model(), c.augment(), c.optimizer(), c.batchSize(), c.epochs(),
        c.steps(), c.learningRate(), c.lrScaling(), c.warmupEpochs(), c.temperature(), c.seed(),
        c.checkpointEvery(), c.keepCheckpoints(), c.logEvery(), device, c.intraOpThreads(),
        c.interOpThreads(), onDevice);
  }

  @Test
  void gpuGraphPinsEveryForwardAndUpdateOpToGpu() {
    PretrainConfig c = TinyRuns.config(data, 4, "lars", 0.1);
    for (boolean onDevice : new boolean[] {false, true}) {
      PretrainGraph g = new PretrainGraph(c, new LearningRateSchedule(0.1, 0, 4), "gpu", onDevice ? 96 : 0);
      try (g.graph) {
        int pinned = 0;
        var it = g.graph.operations();
        while (it.hasNext()) {
          GraphOperation op = (GraphOperation) it.next();
          // Gradient ops come from TensorFlow's C++ gradient builder, which takes no device
          // scope; TensorFlow's placer puts unpinned ops on GPU:0 first when one is present.
          if (op.name().startsWith("gradients")) {
            continue;
          }
          assertTrue(op.device().toUpperCase().contains("GPU:0"), op.name() + " (" + op.type() + ") on '" + op.device() + "'");
          pinned++;
        }
        assertTrue(pinned > 200, "pinned ops: " + pinned);
      }
    }
  }

  @Test
  void cpuBuildFallsBackToCpuAndRefusesAnExplicitGpu() throws Exception {
    assertFalse(Devices.gpuVisible(SessionConfigs.threads(0, 0)), "this test expects the CPU native library");
    assertEquals("cpu", Devices.resolve("auto", SessionConfigs.threads(0, 0)));
    PretrainConfig c = withDevice(TinyRuns.config(data, 2, "adam", 1e-3), "gpu", false);
    var e = assertThrows(IllegalStateException.class, () -> Pretrainer.start(c, tmp.resolve("gpu-run"), 0, QUIET));
    assertTrue(e.getMessage().contains("cannot place the training graph on the GPU"), e.getMessage());
  }

  @Test
  void dataOnDeviceTrainsExactlyLikeFeeding() throws Exception {
    PretrainConfig fed = withDevice(TinyRuns.config(data, 6, "lars", 0.5), "auto", false);
    PretrainConfig resident = withDevice(fed, "auto", true);
    Pretrainer.start(fed, tmp.resolve("fed"), 0, QUIET);
    Pretrainer.start(resident, tmp.resolve("resident"), 0, QUIET);
    byte[] a = TinyRuns.checkpointBytes(tmp.resolve("fed"), 6);
    byte[] b = TinyRuns.checkpointBytes(tmp.resolve("resident"), 6);
    assertEquals(TinyRuns.losses(tmp.resolve("fed")), TinyRuns.losses(tmp.resolve("resident")));
    assertTrue(b.length >= a.length, "resident checkpoint also holds the dataset variable");
  }
}
