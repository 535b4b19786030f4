package io.simclr.train;

import io.simclr.config.Recipe;
import io.simclr.config.RunOptions;
import io.simclr.config.TimeBudget;
import io.simclr.config.Workers;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SplitRecords;
import io.simclr.feed.BatchInput;
import io.simclr.feed.BatchOrder;
import io.simclr.feed.TrainData;
import io.simclr.metrics.Metric;
import io.simclr.run.Checkpoints;
import io.simclr.run.RunDirectory;
import io.simclr.run.RunInfo;
import io.simclr.run.Seeds;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import io.simclr.util.AtomicFiles;
import io.simclr.util.InvalidConfigException;
import io.simclr.workers.Traffic;
import io.simclr.workers.WorkerServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.ConfigProto;

/**
 * Starts or resumes a pretraining run. Everything is checked, the data read and the graph and
 * session built before the run directory is touched, so a rejected or failing start leaves
 * nothing behind and the same command with the fix works.
 */
public final class Pretrainer {
  private Pretrainer() {}

  /**
   * Every check a start makes before it opens the data or writes anything: the recipe and options
   * alone, against the dataset's manifest, and with each other (batch splits, bf16, the monitor's
   * data). What {@code pretrain --dry-run} runs.
   *
   * @return the manifest of the training data
   */
  public static Manifest check(Recipe recipe, RunOptions o) throws IOException {
    recipe.validate();
    o.validate();
    Path data = Path.of(recipe.data());
    Manifest m = PreparedDataset.readManifest(data);
    recipe.checkData(m);
    TrainData.inMemory(o.dataLoading(), m.storage(), (long) m.splits().get("train").count() * m.shape().pixelsPerImage(),
        TrainData.budgetBytes(o), o.dataOnDevice(), data);
    o.withPrecisionResolved();
    requireEvenSplit(recipe.batchSize(), o.replicas(), " --replicas");
    requireEvenSplit(recipe.batchSize(), o.workers(), " workers of --cluster");
    requireEvenSplit(recipe.batchSize(), o.workers() * o.replicas(), " towers of all workers (--cluster x --replicas)");
    if (o.monitorData() != null && o.monitorEvery() >= 0) {
      monitorManifest(recipe, Path.of(o.monitorData()));
    }
    return m;
  }

  /** Starts a new run in {@code runDir}, which must not exist yet (or be empty). */
  public static Outcome start(Recipe recipe, RunOptions chosen, Path runDir, PrintStream progress)
      throws IOException {
    return start(recipe, chosen, runDir, Optional.empty(), progress);
  }

  /**
   * Starts a new run whose length {@code budget} chooses: the recipe's first steps are timed in a
   * throwaway session, then the run gets the steps that fit what is left of the budget, counted from
   * {@code startedNanos} ({@link System#nanoTime}). Its recipe records them, its run.json the plan.
   */
  public static Outcome startWithin(TimeBudget budget, long startedNanos, Recipe recipe, RunOptions chosen,
      Path runDir, PrintStream progress) throws IOException {
    budget.validate();
    if (!chosen.cluster().alone()) {
      throw new InvalidConfigException("--time-budget times one process; with --cluster give --steps (or --epochs)");
    }
    return start(recipe, chosen, runDir, Optional.of(new BudgetStart(budget, startedNanos)), progress);
  }

  private record BudgetStart(TimeBudget budget, long startedNanos) {}

  private static Outcome start(Recipe recipe, RunOptions chosen, Path runDir, Optional<BudgetStart> budget,
      PrintStream progress) throws IOException {
    RunOptions options = chosen.withPrecisionResolved();
    boolean otherWorker = !options.cluster().isChief();
    // another worker may share the chief's directory, which the chief may already have created
    if (!otherWorker) {
      RunDirectory.checkFresh(runDir);
    }
    check(recipe, options);
    if (!otherWorker) {
      RunDirectory.requireFresh(runDir);
    }
    try (TrainData train = openTrain(recipe, options, progress)) {
      if (budget.isEmpty()) {
        RunInfo info = RunInfo.create(recipe, Path.of(recipe.data()));
        return run(recipe, options, runDir, train, Optional.of(info), Optional.empty(), progress);
      }
      TimeBudget b = budget.get().budget();
      Optional<TimeBudget.Timing> timing = timeSteps(recipe, options, train, b, progress);
      if (timing.isEmpty()) {
        progress.println("stopped while timing the first steps; nothing written");
        return new Outcome(0, 0, Map.of(), null, true);
      }
      double elapsed = (System.nanoTime() - budget.get().startedNanos()) / 1e9;
      int n = train.size();
      TimeBudget.Plan plan = b.plan(elapsed, timing.get(), monitorEvery(options, recipe.stepsPerEpoch(n)),
          options.checkpointEvery());
      Recipe sized = recipe.withSteps(plan.steps());
      progress.printf("time budget %s min: a step takes %.2f s (the first %.1f s), the monitors %.1f s; %d steps "
          + "(%.2f epochs) fit, warm-up %d, cosine decay to the end; planned %.0f s in all%n",
          BigDecimal.valueOf(b.minutes()).stripTrailingZeros().toPlainString(), timing.get().stepSeconds(),
          timing.get().firstStepSeconds(), timing.get().monitorSeconds(), plan.steps(),
          (double) plan.steps() / sized.stepsPerEpoch(n), sized.schedule(n).warmupSteps(), plan.plannedSeconds());
      RunInfo info = RunInfo.create(sized, Path.of(recipe.data())).withProvenance(TimeBudget.PROVENANCE_KEY, plan);
      return run(sized, options, runDir, train, Optional.of(info), Optional.empty(), progress);
    }
  }

  /**
   * Times the recipe's first steps ({@link StepTimer}), one measurement of every monitor and one
   * checkpoint, in a throwaway session of the same graph: nothing of it is kept or written to the
   * run. Empty when a stop signal came meanwhile.
   */
  private static Optional<TimeBudget.Timing> timeSteps(Recipe recipe, RunOptions o, TrainData train, TimeBudget budget,
      PrintStream progress) throws IOException {
    progress.println("timing the first steps for --time-budget (a throwaway session)");
    int n = train.size();
    long total = recipe.totalSteps(n);
    ConfigProto sessionConfig = o.sessionConfig();
    Device device = Devices.resolve(o.device(), sessionConfig);
    int b = recipe.batchSize();
    BatchOrder order = new BatchOrder(n, b, recipe.seed());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    StepTimer timer = new StepTimer(TIMING_SHARE * budget.seconds());
    Path scratch = Files.createTempDirectory("simclr-timing");
    try (StopSignal stop = StopSignal.install(progress);
        BatchInput input = train.input(order, 0, b, b, crops(recipe), o, quiet)) {
      PretrainGraph g = new PretrainGraph(recipe, recipe.schedule(n), device, o.replicas(), Workers.ALONE, input,
          train.records().numClasses());
      List<Monitor> monitors = new ArrayList<>();
      try (Closeable closeMonitors = () -> closeAll(monitors);
          var graph = g.graph()) {
        addMonitors(monitors, recipe, o, g, train, recipe.stepsPerEpoch(n), total, quiet);
        Checkpoints ckpts = new Checkpoints(scratch, 1);
        try (TrainingSession ts = TrainingSession.open(g, input, sessionConfig, Role.ALONE.sessions(), device, ckpts,
            Optional.empty())) {
          new TrainingLoop(g, input, order, Integer.MAX_VALUE, "", List.of(), Role.ALONE).run(ts, total, total,
              CheckpointPolicy.none(Optional.empty()), List.of(timer), () -> timer.enough() || stop.requested(), quiet);
          if (stop.requested()) {
            return Optional.empty();
          }
          long t0 = System.nanoTime();
          for (Monitor m : monitors) {
            m.measure(ts.session, timer.last(), quiet);
          }
          long t1 = System.nanoTime();
          ckpts.save(ts.session, timer.last().step());
          long t2 = System.nanoTime();
          return Optional.of(new TimeBudget.Timing(timer.firstStepSeconds(), timer.stepSeconds(), timer.timedSteps(),
              (t1 - t0) / 1e9, (t2 - t1) / 1e9));
        }
      }
    } finally {
      AtomicFiles.deleteRecursively(scratch);
    }
  }

  /** At most this share of a budget goes to timing steps (once two are timed). */
  static final double TIMING_SHARE = 0.03;

  private static TrainData.Crops crops(Recipe recipe) {
    return new TrainData.Crops(2, recipe.augment(), Seeds.augmentation(recipe.seed()));
  }

  /** Continues the run in {@code runDir} from its latest checkpoint, with its recorded recipe. */
  public static Outcome resume(Path runDir, RunOptions chosen, PrintStream progress) throws IOException {
    RunOptions options = chosen.withPrecisionResolved();
    Recipe recipe = RunInfo.read(runDir).recipe();
    check(recipe, options);
    try (TrainData train = openTrain(recipe, options, progress)) {
      Optional<Long> latest = new Checkpoints(runDir, options.keepCheckpoints()).latest();
      return run(recipe, options, runDir, train, Optional.empty(), latest, progress);
    }
  }

  /** Checks the recipe against the dataset's manifest, then opens the training split (in memory or streamed). */
  private static TrainData openTrain(Recipe recipe, RunOptions o, PrintStream progress) throws IOException {
    Path data = Path.of(recipe.data());
    Manifest m = PreparedDataset.readManifest(data);
    recipe.checkData(m);
    return TrainData.open(data, m, "train", o, progress);
  }

  /**
   * @param newRun for a new run, the run.json to write once the session is up
   * @param restore the checkpoint to continue from, if any
   */
  private static Outcome run(Recipe recipe, RunOptions o, Path runDir, TrainData train,
      Optional<RunInfo> newRun, Optional<Long> restore, PrintStream progress) throws IOException {
    int n = train.size();
    long total = recipe.totalSteps(n);
    ConfigProto sessionConfig = o.sessionConfig();
    Device device = Devices.resolve(o.device(), sessionConfig);
    int b = recipe.batchSize();
    BatchOrder order = new BatchOrder(n, b, recipe.seed());
    TrainData.Crops crops = crops(recipe);
    Role role;
    String resume = "pretrain --out " + runDir + " --resume";
    BatchInput input;
    if (o.cluster().alone()) {
      role = Role.ALONE;
      input = train.input(order, 0, b, b, crops, o, progress);
    } else {
      progress.println("starting " + o.cluster().describe() + "; waiting up to " + o.cluster().timeoutSeconds()
          + " s for the others");
      role = Role.worker(WorkerServer.start(o.cluster(), sessionConfig));
      // a worker's share of every global batch: images [t B/W, (t+1) B/W), as tower t of W
      int per = b / o.workers();
      input = train.input(order, o.cluster().task() * per, per, b, crops, o, progress);
      resume += " --cluster " + String.join(",", o.cluster().workers()) + " --task " + o.cluster().task()
          + " (on every worker, each with its --task)";
    }
    try (input) {
      PretrainGraph g = new PretrainGraph(recipe, recipe.schedule(n), device, o.replicas(), o.cluster(), input,
          train.records().numClasses());
      if (!o.cluster().alone()) {
        progress.println(Traffic.of(g.graph(), o.workers()).describe());
      }
      List<Monitor> monitors = new ArrayList<>();
      try (Closeable closeMonitors = () -> closeAll(monitors)) {
        addMonitors(monitors, recipe, o, g, train, recipe.stepsPerEpoch(n), total, progress);
        Set<Metric> logged = EnumSet.copyOf(g.metrics().keySet());
        monitors.forEach(m -> logged.addAll(m.metrics()));
        return TrainingRun.execute(new TrainingRun.Spec(g, input, order, total, b, resume, monitors, logged, role),
            o, device, runDir, newRun.<TrainingRun.RunFiles>map(info -> info::write), restore, progress);
      }
    }
  }

  private static void closeAll(List<Monitor> monitors) throws IOException {
    for (Monitor m : monitors) {
      m.close();
    }
  }

  private static void requireEvenSplit(int batchSize, int parts, String what) {
    if (batchSize % parts != 0) {
      throw new InvalidConfigException("--batch-size " + batchSize + " does not split evenly over the " + parts + what);
    }
  }

  /**
   * The monitors the options ask for, each announced: the kNN monitor where there are labels (see
   * {@link #knn}) and the health monitor, both every {@code --monitor-every} steps.
   */
  private static void addMonitors(List<Monitor> monitors, Recipe recipe, RunOptions o, PretrainGraph g,
      TrainData train, int stepsPerEpoch, long total, PrintStream progress) throws IOException {
    long every = monitorEvery(o, stepsPerEpoch);
    if (every == 0) {
      return;
    }
    KnnMonitor knn = knn(recipe, o, g, train, every, total, progress);
    if (knn != null) {
      monitors.add(started(knn, progress));
    }
    monitors.add(started(new HealthMonitor(g, train.records(), recipe.seed(), recipe.batchSize(), every, total,
        o.stopOnCollapse()), progress));
  }

  /** Steps between monitor measurements: {@code --monitor-every}, an epoch for 0; 0 when off. */
  static long monitorEvery(RunOptions o, int stepsPerEpoch) {
    return o.monitorEvery() < 0 ? 0 : o.monitorEvery() == 0 ? stepsPerEpoch : o.monitorEvery();
  }

  /**
   * The kNN monitor on the training data's splits or {@code --monitor-data}'s, where they have
   * labels and a test split; else null (with a note).
   */
  private static KnnMonitor knn(Recipe recipe, RunOptions o, PretrainGraph g, TrainData train, long every, long total,
      PrintStream progress) throws IOException {
    if (o.monitorData() != null) {
      Path other = Path.of(o.monitorData());
      monitorManifest(recipe, other);
      SplitRecords mt = SplitRecords.open(other, "train");
      SplitRecords mq = SplitRecords.open(other, "test");
      return new KnnMonitor(g.inference(), mt, mq, recipe.seed(), every, total, List.of(mt, mq));
    }
    Path data = Path.of(recipe.data());
    if (train.records().numClasses() < 2 || !PreparedDataset.readManifest(data).splits().containsKey("test")) {
      progress.println("kNN monitor off: " + data + " has no labels or no 'test' split (--monitor-data names a "
          + "labelled dataset to monitor with)");
      return null;
    }
    if (!train.streamed()) {
      return new KnnMonitor(g.inference(), train.records(), PreparedDataset.read(data, "test"), recipe.seed(),
          every, total, List.of());
    }
    SplitRecords test = SplitRecords.open(data, "test");
    return new KnnMonitor(g.inference(), train.records(), test, recipe.seed(), every, total, List.of(test));
  }

  /** The manifest of {@code --monitor-data}, checked: labelled, both splits, the model's image size. */
  private static Manifest monitorManifest(Recipe recipe, Path other) throws IOException {
    Manifest m = PreparedDataset.readManifest(other);
    if (!m.shape().equals(recipe.model().image())) {
      throw new InvalidConfigException("--monitor-data " + other + ": images are " + m.shape()
          + " but the model takes " + recipe.model().image());
    }
    if (m.classNames().size() < 2 || !m.splits().containsKey("train") || !m.splits().containsKey("test")) {
      throw new InvalidConfigException("--monitor-data " + other + ": needs labels and 'train' and 'test' splits");
    }
    return m;
  }

  private static <M extends Monitor> M started(M m, PrintStream progress) {
    progress.println(m.describe());
    return m;
  }
}
