package io.simclr.train;

import io.simclr.feed.BatchInput;
import io.simclr.config.RunOptions;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.config.Recipe;
import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.Optimizer;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import io.simclr.runtime.SessionConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

class DevicePlacementTest {
  @TempDir static Path tmp;
  static Path data;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 96, 16);
  }

  @Test
  void gpuGraphPinsEveryForwardAndUpdateOpToGpu() throws Exception {
    Recipe c = TinyRuns.config(data, 4, Optimizer.LARS, 0.1);
    ImageSet train = PreparedDataset.read(data, "train");
    for (boolean onDevice : new boolean[] {false, true}) {
      BatchInput input = BatchInput.of(train, c.batchSize(), onDevice);
      PretrainGraph g = new PretrainGraph(c.withOnlineProbe(true), new LearningRateSchedule(0.1, 0, 4), Device.GPU, input, 2);
      try (Graph graph = g.graph()) {
        int pinned = 0;
        var it = graph.operations();
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
    assertEquals(Device.CPU, Devices.resolve(Device.AUTO, SessionConfigs.threads(0, 0)));
    Recipe c = TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3);
    var e = assertThrows(IllegalStateException.class, () -> Pretrainer.start(c,
        TinyRuns.options().withDevice(Device.GPU), tmp.resolve("gpu-run"), QUIET));
    assertTrue(e.getMessage().contains("cannot place the training graph on the GPU"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("gpu-run")), "a start that cannot place its graph writes nothing");
  }

  @Test
  void dataOnDeviceTrainsExactlyLikeFeeding() throws Exception {
    Recipe c = TinyRuns.config(data, 6, Optimizer.LARS, 0.5);
    RunOptions auto = TinyRuns.options().withDevice(Device.AUTO);
    Pretrainer.start(c, auto, tmp.resolve("fed"), QUIET);
    Pretrainer.start(c, auto.withDataOnDevice(true), tmp.resolve("resident"), QUIET);
    byte[] a = TinyRuns.checkpointBytes(tmp.resolve("fed"), 6);
    byte[] b = TinyRuns.checkpointBytes(tmp.resolve("resident"), 6);
    assertEquals(TinyRuns.losses(tmp.resolve("fed")), TinyRuns.losses(tmp.resolve("resident")));
    assertTrue(b.length >= a.length, "resident checkpoint also holds the dataset variable");
  }
}
