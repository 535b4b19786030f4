package io.simclr.train;

import io.simclr.config.EncoderStart;
import io.simclr.config.FinetuneRecipe;
import io.simclr.config.RunOptions;
import io.simclr.data.ClassBalanced;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.feed.BatchInput;
import io.simclr.feed.BatchOrder;
import io.simclr.feed.TrainData;
import io.simclr.run.Checkpoints;
import io.simclr.run.EncoderSource;
import io.simclr.run.FinetuneInfo;
import io.simclr.run.RunDirectory;
import io.simclr.run.Seeds;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Starts or resumes a fine-tuning run: a class-balanced seeded subset of the training labels, the
 * encoder from a pretraining run, an exported encoder or scratch, a linear classifier on top, all
 * trained with the pretraining machinery ({@link TrainingRun}). Like {@link Pretrainer}, nothing is
 * written before everything is checked and the session is up.
 */
public final class Finetuner {
  private Finetuner() {}

  /** The training images whose labels the run may use. */
  public static int[] labelledSubset(FinetuneRecipe r, int[] labels, int classes) {
    if (r.labelsPerClass() > 0) {
      return ClassBalanced.take(labels, classes, r.labelsPerClass(), c -> Seeds.finetuneSubset(r.seed(), c))[1];
    }
    return ClassBalanced.split(labels, classes, r.labelFraction(), c -> Seeds.finetuneSubset(r.seed(), c))[1];
  }

  public static Outcome start(FinetuneRecipe recipe, RunOptions chosen, Path runDir, PrintStream progress)
      throws IOException {
    recipe.validate();
    chosen.validate();
    RunOptions options = chosen.withPrecisionResolved();
    RunDirectory.requireFresh(runDir, FinetuneInfo.SUBSET_FILE);
    Optional<Path> pretrained = Optional.empty();
    if (recipe.start() instanceof EncoderStart.Pretrained p) {
      EncoderSource src = EncoderSource.resolve(p.dir());
      if (!src.run().recipe().model().equals(recipe.model())) {
        throw new InvalidConfigException(recipe.source() + ": its encoder is " + src.run().recipe().model()
            + ", the recipe says " + recipe.model());
      }
      pretrained = Optional.of(src.variables());
    }
    try (Data d = read(recipe, options, progress)) {
      FinetuneInfo info = FinetuneInfo.create(recipe, d.train.records().classNames(), pretrained);
      return run(recipe, options, runDir, d, pretrained, Optional.of(dir -> info.write(dir, d.subset)), Optional.empty(),
          progress);
    }
  }

  public static Outcome resume(Path runDir, RunOptions chosen, PrintStream progress) throws IOException {
    FinetuneRecipe recipe = FinetuneInfo.read(runDir).recipe();
    recipe.validate();
    chosen.validate();
    RunOptions options = chosen.withPrecisionResolved();
    try (Data d = read(recipe, options, progress)) {
      int[] recorded = Json.read(runDir.resolve(FinetuneInfo.SUBSET_FILE), FinetuneInfo.Subset.class).indices();
      if (!Arrays.equals(recorded, d.subset)) {
        throw new IOException(runDir.resolve(FinetuneInfo.SUBSET_FILE) + ": differs from the subset the recipe draws "
            + "from " + recipe.data() + " (has the dataset changed?)");
      }
      Optional<Long> latest = new Checkpoints(runDir, options.keepCheckpoints()).latest();
      // stopped before its first checkpoint: start again from the pretrained weights
      Optional<Path> pretrained = latest.isEmpty() ? EncoderSource.variables(recipe.start()) : Optional.empty();
      return run(recipe, options, runDir, d, pretrained, Optional.empty(), latest, progress);
    }
  }

  /** The training split, the chosen labelled subset of it, and that subset's images. */
  private record Data(TrainData train, int[] subset, TrainData labelled) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      train.close();
    }
  }

  private static Data read(FinetuneRecipe r, RunOptions o, PrintStream progress) throws IOException {
    Path data = Path.of(r.data());
    Manifest m = PreparedDataset.readManifest(data);
    if (!m.shape().equals(r.model().image())) {
      throw new InvalidConfigException(data + ": images are " + m.shape() + " but the encoder takes " + r.model().image());
    }
    if (!m.labelled()) {
      throw new InvalidConfigException(data + ": has no labels; fine-tuning needs a labelled dataset");
    }
    TrainData train = TrainData.open(data, m, "train", o, progress);
    try {
      int[] subset = labelledSubset(r, train.records().labels(), train.records().numClasses());
      r.checkData(m, subset.length);
      return new Data(train, subset, train.subset(subset));
    } catch (RuntimeException e) {
      train.close();
      throw e;
    }
  }

  /** @param pretrained the variables to warm-start from (runs without a checkpoint yet) */
  private static Outcome run(FinetuneRecipe r, RunOptions o, Path runDir, Data d, Optional<Path> pretrained,
      Optional<TrainingRun.RunFiles> newRun, Optional<Long> restore, PrintStream progress) throws IOException {
    int n = d.labelled.size();
    long total = r.totalSteps(n);
    Device device = Devices.resolve(o.device(), o.sessionConfig());
    BatchOrder order = new BatchOrder(n, r.batchSize(), r.seed());
    int classes = d.train.records().numClasses();
    try (BatchInput input = d.labelled.input(order, 0, r.batchSize(), r.batchSize(),
        new TrainData.Crops(1, r.augment(), Seeds.augmentation(r.seed())), o, progress)) {
      FinetuneGraph g = new FinetuneGraph(r, r.schedule(n), device, input, classes, pretrained);
      progress.println("fine-tuning on " + n + " labelled images (" + classes + " classes) from "
          + r.start().recorded());
      return TrainingRun.execute(new TrainingRun.Spec(g, input, order, total, r.batchSize(),
              "finetune --out " + runDir + " --resume", List.of(), EnumSet.copyOf(g.metrics().keySet()), Role.ALONE),
          o, device, runDir, newRun, restore, progress);
    }
  }
}
