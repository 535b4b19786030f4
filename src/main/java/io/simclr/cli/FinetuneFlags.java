package io.simclr.cli;

import io.simclr.data.ImageShape;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LrScaling;
import io.simclr.optim.Optimizer;
import io.simclr.run.EncoderStart;
import io.simclr.run.FinetuneRecipe;
import java.nio.file.Path;
import java.util.List;

/** The flags of {@code finetune} that set a {@link FinetuneRecipe} field. */
final class FinetuneFlags {
  private FinetuneFlags() {}

  static final FinetuneRecipe SHOWN_DEFAULTS = FinetuneRecipe.defaults(Path.of("."), EncoderStart.SCRATCH,
      ModelConfig.defaults(new ImageShape(32, 32, 3)));

  static final List<Flag<FinetuneRecipe, ?>> ALL = Flags.concat(List.of(
      new Flag<>("--from", String.class, "A pretraining run directory, an encoder SavedModel exported by this project, "
          + "or 'scratch' (random initialisation, the baseline).", FinetuneRecipe::source,
          (r, v) -> r.withSource(EncoderStart.of(v).recorded())),
      new Flag<>("--data", Path.class, "Prepared dataset with 'train' (labelled subset drawn from it) and 'test' splits.",
          r -> Path.of(r.data()), (r, v) -> r.withData(v.toAbsolutePath().toString())),
      new Flag<>("--label-fraction", Double.class,
          "Share of each class's training images that keep their labels, class-balanced and seeded (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::labelFraction, (r, v) -> r.withLabelFraction(v).withLabelsPerClass(0)),
      new Flag<>("--labels-per-class", Integer.class, "Instead: this many labelled images per class.",
          FinetuneRecipe::labelsPerClass, (r, v) -> r.withLabelsPerClass(v).withLabelFraction(0)),
      new Flag<>("--from-head-layer", Integer.class,
          "Classify from this many hidden layers of the projection head (SimCLRv2: 1); 0 = from h (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::fromHeadLayer, FinetuneRecipe::withFromHeadLayer)),
      ModelFlags.on(FinetuneRecipe::model, FinetuneRecipe::withModel), List.of(
      new Flag<>("--batch-size", Integer.class, "Labelled images per step (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::batchSize, FinetuneRecipe::withBatchSize),
      new Flag<>("--epochs", Integer.class, "Epochs over the labelled subset (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::epochs, FinetuneRecipe::withEpochs),
      new Flag<>("--steps", Long.class, "Total steps; overrides --epochs when > 0 (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::steps, FinetuneRecipe::withSteps),
      new Flag<>("--optimizer", Optimizer.class, "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
          r -> r.optimizer().kind(), (r, v) -> r.withOptimizer(r.optimizer().withKind(v))),
      new Flag<>("--lr", Double.class, "Reference learning rate before scaling (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::learningRate, FinetuneRecipe::withLearningRate),
      new Flag<>("--lr-scaling", LrScaling.class, "linear (lr*B/256), sqrt or none (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::lrScaling, FinetuneRecipe::withLrScaling),
      new Flag<>("--warmup-epochs", Double.class, "Linear warm-up before cosine decay (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::warmupEpochs, FinetuneRecipe::withWarmupEpochs),
      new Flag<>("--momentum", Double.class, "Momentum for sgd and lars (default ${DEFAULT-VALUE}).",
          r -> r.optimizer().momentum(), (r, v) -> r.withOptimizer(r.optimizer().withMomentum(v))),
      new Flag<>("--weight-decay", Double.class, "Weight decay on weights (default ${DEFAULT-VALUE}).",
          r -> r.optimizer().weightDecay(), (r, v) -> r.withOptimizer(r.optimizer().withWeightDecay(v))),
      new Flag<>("--crop-min-area", Double.class, "Smallest random crop area fraction (default ${DEFAULT-VALUE}).",
          r -> r.augment().cropMinArea(), (r, v) -> r.withAugment(r.augment().withCropMinArea(v))),
      new Flag<>("--flip-prob", Double.class, "Horizontal flip probability (default ${DEFAULT-VALUE}).",
          r -> r.augment().flipProb(), (r, v) -> r.withAugment(r.augment().withFlipProb(v))),
      new Flag<>("--seed", Long.class, "Seed: labelled subset, classifier init, augmentation, batch order (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::seed, FinetuneRecipe::withSeed)));
}
