package io.simclr.model;

/**
 * A ResNet v1 layout: block type, blocks per stage, stage widths (before the width multiplier)
 * and stem width. {@code resnet-small} is our fast CPU encoder.
 */
public record EncoderSpec(boolean bottleneck, int[] blocks, int[] widths, int stemWidth) {
  /** Channels of the representation h for width multiplier {@code wm}. */
  public int featureDim(int wm) {
    return widths[widths.length - 1] * wm * (bottleneck ? 4 : 1);
  }
}
