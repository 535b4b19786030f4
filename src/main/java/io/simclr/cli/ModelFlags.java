package io.simclr.cli;

import io.simclr.model.Encoder;
import io.simclr.model.ModelConfig;
import io.simclr.model.Stem;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The architecture flags, shared by {@code pretrain} and {@code finetune --from scratch}. */
final class ModelFlags {
  private ModelFlags() {}

  static final List<Flag<ModelConfig, ?>> ALL = List.of(
      new Flag<>("--encoder", Encoder.class, "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
          ModelConfig::encoder, ModelConfig::withEncoder),
      new Flag<>("--width-multiplier", Integer.class, "Channel width multiplier (default ${DEFAULT-VALUE}).",
          ModelConfig::widthMultiplier, ModelConfig::withWidthMultiplier),
      new Flag<>("--stem", Stem.class, "auto (CIFAR stem up to 64 px), cifar or imagenet (default ${DEFAULT-VALUE}).",
          ModelConfig::stem, ModelConfig::withStem),
      new Flag<>("--head-layers", Integer.class, "Projection head layers (default ${DEFAULT-VALUE}).",
          ModelConfig::headLayers, ModelConfig::withHeadLayers),
      new Flag<>("--head-hidden", Integer.class, "Hidden width of the head; 0 = encoder width (default ${DEFAULT-VALUE}).",
          ModelConfig::headHidden, ModelConfig::withHeadHidden),
      new Flag<>("--projection-dim", Integer.class, "Projection output size (default ${DEFAULT-VALUE}).",
          ModelConfig::projectionDim, ModelConfig::withProjectionDim));

  /** The model flags on a record that holds a {@link ModelConfig}. */
  static <R> List<Flag<R, ?>> on(Function<R, ModelConfig> model, BiFunction<R, ModelConfig, R> withModel) {
    return ALL.stream().<Flag<R, ?>>map(f -> f.on(model, withModel)).toList();
  }
}
