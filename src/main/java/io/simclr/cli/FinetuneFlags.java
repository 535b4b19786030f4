package io.simclr.cli;

import io.simclr.config.EncoderStart;
import io.simclr.config.FinetuneRecipe;
import io.simclr.model.ModelConfig;
import io.simclr.util.ImageShape;
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
      ModelFlags.on(FinetuneRecipe::model, FinetuneRecipe::withModel),
      ScheduleFlags.on(FinetuneRecipe::withScheduleSettings, "Labelled images per step", "the labelled subset"),
      ScheduleFlags.optimizerOn(FinetuneRecipe::optimizer, FinetuneRecipe::withOptimizer), List.of(
      new Flag<>("--crop-min-area", Double.class, "Smallest random crop area fraction (default ${DEFAULT-VALUE}).",
          r -> r.augment().cropMinArea(), (r, v) -> r.withAugment(r.augment().withCropMinArea(v))),
      new Flag<>("--flip-prob", Double.class, "Horizontal flip probability (default ${DEFAULT-VALUE}).",
          r -> r.augment().flipProb(), (r, v) -> r.withAugment(r.augment().withFlipProb(v))),
      new Flag<>("--seed", Long.class, "Seed: labelled subset, classifier init, augmentation, batch order (default ${DEFAULT-VALUE}).",
          FinetuneRecipe::seed, FinetuneRecipe::withSeed)));
}
