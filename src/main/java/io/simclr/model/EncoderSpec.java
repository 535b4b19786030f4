package io.simclr.model;

import java.util.Arrays;
import java.util.List;

/**
 * A ResNet v1 layout: block type, blocks per stage, stage widths (before the width multiplier)
 * and stem. {@code resnet-small} is our fast CPU encoder.
 */
public record EncoderSpec(String name, boolean bottleneck, int[] blocks, int[] widths, int stemWidth) {
  public static final List<String> NAMES = List.of("resnet-small", "resnet18", "resnet34", "resnet50");

  public static EncoderSpec of(String name) {
    return switch (name) {
      case "resnet-small" -> new EncoderSpec(name, false, new int[] {2, 2, 2}, new int[] {32, 64, 128}, 32);
      case "resnet18" -> new EncoderSpec(name, false, new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, 64);
      case "resnet34" -> new EncoderSpec(name, false, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, 64);
      case "resnet50" -> new EncoderSpec(name, true, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, 64);
      default -> throw new IllegalArgumentException(
          "unknown encoder '" + name + "' (one of " + String.join(", ", NAMES) + ")");
    };
  }

  /** Channels of the representation h for width multiplier {@code wm}. */
  public int featureDim(int wm) {
    return widths[widths.length - 1] * wm * (bottleneck ? 4 : 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncoderSpec e && e.name.equals(name) && Arrays.equals(e.blocks, blocks)
        && Arrays.equals(e.widths, widths) && e.bottleneck == bottleneck && e.stemWidth == stemWidth;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
