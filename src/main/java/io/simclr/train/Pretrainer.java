package io.simclr.train;

import io.simclr.data.DataFormatException;
import io.simclr.data.ImageSet;
import io.simclr.data.Permutations;
import io.simclr.data.PreparedDataset;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LearningRateSchedule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.Tensor;
import org.tensorflow.types.TInt32;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The pretraining loop: feeds shuffled uint8 batches, runs the training step, logs metrics,
 * writes checkpoints, and resumes from the latest one. Batch order depends only on (seed, step),
 * so a resumed run sees exactly the batches the uninterrupted run would have.
 */
public final class Pretrainer {
  /** What a finished (or stopped) invocation reached. */
  public record Outcome(long step, long totalSteps, double loss, double accuracy, Path checkpoint, boolean interrupted) {}

  /** System property set by {@code pretrain --log-device-placement}. */
  public static final String LOG_PLACEMENT_PROPERTY = "simclr.logDevicePlacement";

  private Pretrainer() {}

  /** Starts a new run in {@code runDir}, which must not exist yet (or be empty). */
  public static Outcome start(PretrainConfig c, Path runDir, long stopAfter, PrintStream progress)
      throws IOException {
    c.validate();
    if (Files.exists(runDir) && !isEmptyDir(runDir)) {
      throw new IOException(runDir + ": already exists; use --resume to continue it or choose a new --out");
    }
    Path data = Path.of(c.data());
    ImageSet train = PreparedDataset.read(data, "train");
    checkShape(c.model(), train, data);
    Files.createDirectories(runDir);
    RunInfo.create(c, data).write(runDir);
    return loop(c, runDir, train, false, stopAfter, progress);
  }

  /** Continues the run in {@code runDir} from its latest checkpoint, with its recorded config. */
  public static Outcome resume(Path runDir, long stopAfter, PrintStream progress) throws IOException {
    PretrainConfig c = RunInfo.read(runDir).config();
    Path data = Path.of(c.data());
    ImageSet train = PreparedDataset.read(data, "train");
    checkShape(c.model(), train, data);
    return loop(c, runDir, train, true, stopAfter, progress);
  }

  private static Outcome loop(
      PretrainConfig c, Path runDir, ImageSet train, boolean resume, long stopAfter, PrintStream progress)
      throws IOException {
    int n = train.size();
    if (n < c.batchSize()) {
      throw new IllegalArgumentException(
          "--batch-size " + c.batchSize() + " exceeds the " + n + " training images");
    }
    long total = c.totalSteps(n);
    int spe = c.stepsPerEpoch(n);
    long warmup = Math.min((long) Math.ceil(c.warmupEpochs() * spe), total / 10);
    LearningRateSchedule schedule = new LearningRateSchedule(
        LearningRateSchedule.scaled(c.learningRate(), c.lrScaling(), c.batchSize()), warmup, total);
    Checkpoints ckpts = new Checkpoints(runDir, c.keepCheckpoints());
    ConfigProto sessionConfig = SessionConfigs.threads(c.intraOpThreads(), c.interOpThreads(),
        Boolean.getBoolean(LOG_PLACEMENT_PROPERTY));
    String device = Devices.resolve(c.device(), sessionConfig);
    PretrainGraph g = new PretrainGraph(c, schedule, device, c.dataOnDevice() ? n : 0);
    TensorBoardLog tb = new TensorBoardLog(org.tensorflow.op.Ops.create(g.graph),
        runDir.resolve("tensorboard").toAbsolutePath().toString(), List.of("loss", "contrastive_accuracy", "entropy", "learning_rate"));
    // closed last: a shutdown waits until the session and graph are closed
    try (StopSignal stop = StopSignal.install(progress);
        g.graph;
        Session s = new Session(g.graph, sessionConfig)) {
      long step = 0;
      Optional<Long> latest = resume ? ckpts.latest() : Optional.empty();
      if (latest.isPresent()) {
        ckpts.restore(s, latest.get());
        step = readStep(s, g);
        if (step != latest.get()) {
          throw new IOException(ckpts.prefix(latest.get()) + ": holds step " + step + ", directory says " + latest.get());
        }
        progress.println("resumed " + runDir + " at step " + step + "/" + total);
      } else {
        try {
          s.initialize();
        } catch (RuntimeException e) {
          throw device.equals("gpu") ? Devices.placementError(e) : e;
        }
      }
      if (g.loadDataset != null) {
        try (TUint8 all = TUint8.tensorOf(Shape.of(n, c.model().height(), c.model().width(), c.model().channels()),
            DataBuffers.of(train.pixels(), true, false))) {
          s.runner().feed(g.datasetFeed, all).addTarget(g.loadDataset).run().close();
        }
      }
      tb.open(s);
      ProgressLine bar = new ProgressLine(progress, step, total, c.batchSize());
      StepMetrics last = null;
      Path lastCkpt = latest.map(ckpts::prefix).orElse(null);
      long stopAt = stopAfter > 0 ? Math.min(total, step + stopAfter) : total;
      int[] order = null;
      long orderEpoch = -1;
      boolean interrupted = false;
      try (MetricsLog metrics = new MetricsLog(runDir.resolve("metrics.jsonl"), resume ? step : -1)) {
        while (step < stopAt) {
          if (stop.requested()) {
            if (lastCkpt == null || !lastCkpt.equals(ckpts.prefix(step))) {
              ckpts.save(s, step);
              lastCkpt = ckpts.prefix(step);
            }
            progress.println("interrupted at step " + step + "/" + total + "; checkpoint "
                + lastCkpt.getParent() + " written; continue with: pretrain --out " + runDir + " --resume");
            interrupted = true;
            break;
          }
          long epoch = step / spe;
          if (epoch != orderEpoch) {
            order = Permutations.shuffled(n, new Random(c.seed() * 1_000_003L + epoch));
            orderEpoch = epoch;
          }
          try (Tensor x = batch(g, c, train, order, (int) (step % spe) * c.batchSize())) {
            last = runStep(s, g, x);
          }
          step++;
          if (!Double.isFinite(last.loss())) {
            throw new TrainingDivergedException(String.format(
                "loss became %s at step %d; the last good checkpoint (%s) is kept; lower --lr and --resume or restart",
                last.loss(), step, lastCkpt == null ? "none" : lastCkpt.getParent().getFileName()));
          }
          if (step % c.logEvery() == 0 || step == stopAt) {
            metrics.log(last.record(step, (double) step / spe));
            tb.write(s, step, last.scalars());
            bar.update(step, last.loss(), last.accuracy(), last.learningRate());
          }
          if (step % c.checkpointEvery() == 0 || step == stopAt) {
            ckpts.save(s, step);
            lastCkpt = ckpts.prefix(step);
          }
        }
      } finally {
        tb.flush(s);
      }
      double loss = last == null ? Double.NaN : last.loss();
      double acc = last == null ? Double.NaN : last.accuracy();
      return new Outcome(step, total, loss, acc, lastCkpt, interrupted);
    }
  }

  /** What one training step reports. */
  private record StepMetrics(double loss, double accuracy, double learningRate, double entropy) {
    Map<String, Object> record(long step, double epoch) {
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("step", step);
      rec.put("epoch", epoch);
      rec.put("loss", loss);
      rec.put("contrastive_accuracy", accuracy);
      rec.put("entropy", entropy);
      rec.put("learning_rate", learningRate);
      rec.put("time", System.currentTimeMillis() / 1000.0);
      return rec;
    }

    Map<String, Double> scalars() {
      return Map.of("loss", loss, "contrastive_accuracy", accuracy, "entropy", entropy, "learning_rate", learningRate);
    }
  }

  /** The step's input: the batch's pixels, or only its indices when the data lives in the graph. */
  private static Tensor batch(PretrainGraph g, PretrainConfig c, ImageSet train, int[] order, int offset) {
    if (g.loadDataset != null) {
      return TInt32.vectorOf(java.util.Arrays.copyOfRange(order, offset, offset + c.batchSize()));
    }
    ModelConfig m = c.model();
    return TUint8.tensorOf(Shape.of(c.batchSize(), m.height(), m.width(), m.channels()),
        DataBuffers.of(train.gather(order, offset, c.batchSize()), true, false));
  }

  private static StepMetrics runStep(Session s, PretrainGraph g, Tensor x) {
    try (Result r = s.runner().feed(g.loadDataset != null ? g.batchIndices : g.images, x)
        .addTarget(g.trainStep).fetch(g.loss).fetch(g.accuracy).fetch(g.learningRate).fetch(g.entropy).run()) {
      return new StepMetrics(((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat(),
          ((TFloat32) r.get(2)).getFloat(), ((TFloat32) r.get(3)).getFloat());
    }
  }

  private static long readStep(Session s, PretrainGraph g) {
    try (Result r = s.runner().fetch(g.step).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  static void checkShape(ModelConfig m, ImageSet train, Path data) {
    var shape = train.shape();
    if (shape.height() != m.height() || shape.width() != m.width() || shape.channels() != m.channels()) {
      throw new DataFormatException(data, "images are " + shape + " but the model expects "
          + m.height() + "x" + m.width() + "x" + m.channels());
    }
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
