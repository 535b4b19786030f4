package io.simclr.cli;

import io.simclr.config.Recipe;
import io.simclr.util.ImageShape;
import java.nio.file.Path;
import java.util.List;

/** The flags of {@code pretrain} that set a {@link Recipe} field, with their help text. */
final class RecipeFlags {
  private RecipeFlags() {}

  /** Defaults shown in {@code --help}; where they depend on the data (blur) the text says so instead. */
  static final Recipe SHOWN_DEFAULTS = Recipe.defaults(Path.of("."), new ImageShape(32, 32, 3));

  static final List<Flag<Recipe, ?>> ALL = Flags.concat(List.of(
      new Flag<>("--data", Path.class, "Prepared dataset directory (its 'train' split is used).",
          r -> Path.of(r.data()), (r, v) -> r.withData(v.toAbsolutePath().toString()))),
      ModelFlags.on(Recipe::model, Recipe::withModel),
      ScheduleFlags.on(Recipe::withScheduleSettings, "Images per step; each gives 2 views", "the training split"),
      ScheduleFlags.optimizerOn(Recipe::optimizer, Recipe::withOptimizer), List.of(
      new Flag<>("--temperature", Double.class, "NT-Xent temperature (default ${DEFAULT-VALUE}).",
          Recipe::temperature, Recipe::withTemperature),
      new Flag<>("--crop-min-area", Double.class, "Smallest crop area fraction (default ${DEFAULT-VALUE}).",
          r -> r.augment().cropMinArea(), (r, v) -> r.withAugment(r.augment().withCropMinArea(v))),
      new Flag<>("--crop-max-area", Double.class, "Largest crop area fraction (default ${DEFAULT-VALUE}).",
          r -> r.augment().cropMaxArea(), (r, v) -> r.withAugment(r.augment().withCropMaxArea(v))),
      new Flag<>("--aspect-min", Double.class, "Smallest crop aspect ratio (default ${DEFAULT-VALUE}).",
          r -> r.augment().aspectMin(), (r, v) -> r.withAugment(r.augment().withAspectMin(v))),
      new Flag<>("--aspect-max", Double.class, "Largest crop aspect ratio (default ${DEFAULT-VALUE} = 4/3).",
          r -> r.augment().aspectMax(), (r, v) -> r.withAugment(r.augment().withAspectMax(v))),
      new Flag<>("--flip-prob", Double.class, "Horizontal flip probability (default ${DEFAULT-VALUE}).",
          r -> r.augment().flipProb(), (r, v) -> r.withAugment(r.augment().withFlipProb(v))),
      new Flag<>("--jitter-prob", Double.class, "Colour jitter probability (default ${DEFAULT-VALUE}).",
          r -> r.augment().jitterProb(), (r, v) -> r.withAugment(r.augment().withJitterProb(v))),
      new Flag<>("--jitter-strength", Double.class, "Colour jitter strength s (default ${DEFAULT-VALUE}; 1.0 for ImageNet).",
          r -> r.augment().jitterStrength(), (r, v) -> r.withAugment(r.augment().withJitterStrength(v))),
      new Flag<>("--gray-prob", Double.class, "Grayscale probability, RGB only (default ${DEFAULT-VALUE}).",
          r -> r.augment().grayProb(), (r, v) -> r.withAugment(r.augment().withGrayProb(v))),
      new Flag<>("--blur-prob", Double.class, "Gaussian blur probability (default 0.5 above 32 px, else 0).",
          r -> r.augment().blurProb(), (r, v) -> r.withAugment(r.augment().withBlurProb(v))),
      new Flag<>("--blur-sigma-min", Double.class, "Smallest blur sigma in pixels (default ${DEFAULT-VALUE}).",
          r -> r.augment().blurSigmaMin(), (r, v) -> r.withAugment(r.augment().withBlurSigmaMin(v))),
      new Flag<>("--blur-sigma-max", Double.class, "Largest blur sigma in pixels (default ${DEFAULT-VALUE}).",
          r -> r.augment().blurSigmaMax(), (r, v) -> r.withAugment(r.augment().withBlurSigmaMax(v))),
      new Flag<>("--online-probe", Boolean.class,
          "Train a linear classifier on the gradient-stopped representation alongside, on the batch's labels "
              + "(its accuracy on the progress line, metrics and TensorBoard); --no-online-probe turns it off "
              + "(default: on when the data has labels).",
          Recipe::onlineProbe, Recipe::withOnlineProbe),
      new Flag<>("--online-probe-lr", Double.class, "The online probe's Adam learning rate (default ${DEFAULT-VALUE}).",
          Recipe::onlineProbeLr, Recipe::withOnlineProbeLr),
      new Flag<>("--global-bn", Boolean.class,
          "With --replicas > 1 or --cluster: batch norm over the global batch, so several devices train as one "
              + "process with the same batch (the official SimCLR's default, and this one's); --no-global-bn "
              + "normalises each replica's part alone. No effect on one device.",
          Recipe::globalBn, Recipe::withGlobalBn),
      new Flag<>("--seed", Long.class, "Run seed: init, shuffling, augmentation (default ${DEFAULT-VALUE}).",
          Recipe::seed, Recipe::withSeed)));
}
