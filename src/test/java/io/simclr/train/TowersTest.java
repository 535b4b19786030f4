package io.simclr.train;

import io.simclr.feed.Feed;
import io.simclr.feed.BatchInput;
import io.simclr.config.RunOptions;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.config.Recipe;
import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.optim.Optimizer;
import io.simclr.run.Checkpoints;
import io.simclr.runtime.Device;
import io.simclr.testing.Tf;
import io.simclr.util.ImageShape;
import io.simclr.util.Overwrite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Towers on virtual CPU devices: with global batch norm, N towers train as one device does. */
class TowersTest {
  @TempDir static Path tmp;
  static Path data;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void dataset() throws Exception {
    data = TinyRuns.writeDataset(tmp.resolve("data"), 128, 16);
  }

  /** Every model variable (weights, biases, batch-norm parameters and statistics) of a run's checkpoint. */
  static Map<String, float[]> weights(Path run, Recipe r, long step) {
    return weights(run, r, step, 12);
  }

  static Map<String, float[]> weights28(Path run, Recipe r, long step) {
    return weights(run, r, step, 28);
  }

  static Map<String, float[]> weights(Path run, Recipe r, long step, int side) {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.forRestore(tf);
      ModelConfig m = r.model();
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, 1)));
      m.project(p, m.encode(p, x, Mode.INFERENCE), Mode.INFERENCE);
      s.restore(new Checkpoints(run, 2).prefix(step).toString());
      for (String name : p.variables().keySet()) {
        try (Result res = s.runner().fetch(name).run()) {
          out.put(name, Tf.toArray((TFloat32) res.get(0)));
        }
      }
    }
    return out;
  }

  static double maxAbsDiff(Map<String, float[]> a, Map<String, float[]> b) {
    assertEquals(a.keySet(), b.keySet());
    double max = 0;
    for (String k : a.keySet()) {
      float[] x = a.get(k);
      float[] y = b.get(k);
      for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    return max;
  }

  @Test
  void globalBatchNormTowersMatchOneDevice() throws Exception {
    // plain momentum SGD at a moderate rate: rounding differences stay rounding (LARS at 0.5 on 32 images
    // amplifies the first step's 5e-7 into 3e-3 by step 4, chaos rather than a different computation)
    Recipe r = TinyRuns.config(data, 4, Optimizer.SGD, 0.05).withGlobalBn(true);
    Map<Integer, List<Double>> losses = new LinkedHashMap<>();
    Map<Integer, Map<String, float[]>> weights = new LinkedHashMap<>();
    for (int n : new int[] {1, 2, 4}) {
      Path run = tmp.resolve("towers-" + n);
      Pretrainer.start(r, TinyRuns.options().withReplicas(n), run, QUIET);
      losses.put(n, TinyRuns.losses(run));
      weights.put(n, weights(run, r, 4));
    }
    for (int n : new int[] {2, 4}) {
      double w = maxAbsDiff(weights.get(1), weights.get(n));
      double l = 0;
      for (int i = 0; i < 4; i++) l = Math.max(l, Math.abs(losses.get(1).get(i) - losses.get(n).get(i)));
      System.out.printf("global BN, %d towers vs 1 device after 4 steps: max |loss diff| %.2e, max |weight diff| %.2e%n", n, l, w);
      assertTrue(l < 1e-4, n + " towers: loss differs by " + l);
      assertTrue(w < 1e-4, n + " towers: weights differ by " + w);
    }
  }

  @Test
  void twoTowersAreReproducibleUnderLoad() throws Exception {
    // 2 towers: a tensor read by 3 ops still has a 3-term gradient sum; on a busy machine TensorFlow
    // would add those in a varying order unless Grappler keeps the chained order
    // Fashion-MNIST's size, the default head, a batch of 64: the tiny runs' tensors are too small to
    // be scheduled apart
    Random rnd = new Random(3);
    byte[] px = new byte[128 * 28 * 28];
    rnd.nextBytes(px);
    int[] labels = new int[128];
    Arrays.setAll(labels, i -> i % 2);
    Path big = tmp.resolve("data-28");
    PreparedDataset.write(Map.of("train", new ImageSet(px, labels, new ImageShape(28, 28, 1), List.of("a", "b")),
        "test", new ImageSet(Arrays.copyOf(px, 16 * 28 * 28), Arrays.copyOf(labels, 16), new ImageShape(28, 28, 1),
            List.of("a", "b"))), big, "random-28", 1000, Overwrite.REFUSE);
    Recipe tiny = TinyRuns.config(big, 4, Optimizer.LARS, 0.5).withGlobalBn(true);
    Recipe r = tiny.withModel(ModelConfig.defaults(new ImageShape(28, 28, 1))).withBatchSize(64);
    Path quiet = tmp.resolve("two-quiet");
    Pretrainer.start(r, TinyRuns.options().withReplicas(2), quiet, QUIET);
    for (int run = 0; run < 2; run++) {
      Path busy = tmp.resolve("two-busy-" + run);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> hogs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Thread t = new Thread(() -> {
          long x = 0;
          while (!stop.get()) x += System.nanoTime() % 7;
          if (x == 42) System.out.print("");
        });
        t.setDaemon(true);
        t.start();
        hogs.add(t);
      }
      try {
        Pretrainer.start(r, TinyRuns.options().withReplicas(2), busy, QUIET);
      } finally {
        stop.set(true);
        for (Thread t : hogs) t.join();
      }
      assertEquals(TinyRuns.losses(quiet), TinyRuns.losses(busy), "run " + run + " on a busy machine");
      assertArrayEquals(TinyRuns.checkpointBytes(quiet, 4), TinyRuns.checkpointBytes(busy, 4), "run " + run);
    }
  }

  @Test
  void towersAreReproducible() throws Exception {
    Recipe r = TinyRuns.config(data, 3, Optimizer.LARS, 0.5).withGlobalBn(true);
    Path a = tmp.resolve("again-a");
    Path b = tmp.resolve("again-b");
    Pretrainer.start(r, TinyRuns.options().withReplicas(4), a, QUIET);
    Pretrainer.start(r, TinyRuns.options().withReplicas(4), b, QUIET);
    assertEquals(TinyRuns.losses(a), TinyRuns.losses(b));
    assertArrayEquals(TinyRuns.checkpointBytes(a, 3), TinyRuns.checkpointBytes(b, 3));
  }

  @Test
  void perReplicaBatchNormTrainsAndDiffers() throws Exception {
    Recipe r = TinyRuns.config(data, 3, Optimizer.LARS, 0.5).withGlobalBn(false);
    Path one = tmp.resolve("per-replica-1");
    Path two = tmp.resolve("per-replica-2");
    Pretrainer.start(r, TinyRuns.options(), one, QUIET);
    Pretrainer.start(r, TinyRuns.options().withReplicas(2), two, QUIET);
    List<Double> a = TinyRuns.losses(one);
    List<Double> b = TinyRuns.losses(two);
    assertTrue(b.stream().allMatch(Double::isFinite));
    // each replica normalises with its own half: another computation than one device's
    assertNotEquals(a.get(0), b.get(0));
    assertEquals(a.get(0), b.get(0), 0.5, "but the same problem");
  }

  @Test
  void forwardAndBackwardOpsRunOnTheirTowers() throws Exception {
    // per-replica batch norm: every tower's ops alike (global BN adds the cross-tower sums on the first)
    Recipe r = TinyRuns.config(data, 2, Optimizer.SGD, 0.05).withGlobalBn(false);
    var train = PreparedDataset.read(data, "train");
    BatchInput input = BatchInput.of(train, r.batchSize(), false);
    PretrainGraph g = new PretrainGraph(r, r.schedule(train.size()), Device.CPU, 4, input, 2);
    var trace = org.tensorflow.proto.RunOptions.newBuilder()
        .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build();
    Map<String, String> ran = new LinkedHashMap<>();
    try (Graph graph = g.graph();
        Session s = new Session(graph, TinyRuns.options().withReplicas(4).sessionConfig())) {
      s.initialize();
      input.load(s);
      Session.Runner runner = s.runner().setOptions(trace);
      try (Feed f = input.feed(runner, 0); Result out = runner.addTarget(g.trainStep()).runAndFetchMetadata()) {
        for (var dev : out.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
          for (var node : dev.getNodeStatsList()) {
            ran.put(node.getNodeName(), dev.getDevice());
          }
        }
      }
      // what the graph asks for: every tower's convolutions, forward and backward, on its device
      Map<String, int[]> perTower = new LinkedHashMap<>();
      int[] executed = new int[4];
      for (var it = graph.operations(); it.hasNext(); ) {
        var op = it.next();
        String kind = op.type();
        if (!kind.startsWith("Conv2D")) {
          continue;
        }
        assertFalse(op.device().isEmpty(), op.name() + " (" + kind + ") has no device");
        int t = Integer.parseInt(op.device().substring(op.device().lastIndexOf(':') + 1));
        perTower.computeIfAbsent(kind, k -> new int[4])[t]++;
        if (kind.equals("Conv2D")) {
          assertTrue(op.name().startsWith("tower" + t + "/"), op.name() + " on " + op.device());
        }
        // ... and where it ran (the traced step; the stem's input gradient is pruned: nothing reads it)
        if (ran.containsKey(op.name())) {
          assertTrue(ran.get(op.name()).endsWith("CPU:" + t), op.name() + " asked for CPU:" + t + ", ran on " + ran.get(op.name()));
          executed[t]++;
        }
      }
      assertEquals(java.util.Set.of("Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput"), perTower.keySet());
      for (int[] counts : perTower.values()) {
        assertTrue(counts[0] >= 9, "convolutions per tower: " + counts[0]);
        for (int t = 1; t < 4; t++) {
          assertEquals(counts[0], counts[t], "every tower has the whole encoder, forward and backward");
        }
      }
      int convs = perTower.values().stream().mapToInt(c -> c[0]).sum();
      for (int t = 0; t < 4; t++) {
        assertEquals(convs - 1, executed[t], "tower " + t + ": convolutions traced on its device");
      }
    }
  }
}
