package io.simclr.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Architecture of encoder plus projection head, and the image contract it was built for. Training,
 * export and evaluation all build the network from this record, so variable names always agree.
 */
public record ModelConfig(
    String encoder,
    int widthMultiplier,
    String stem,
    int headLayers,
    int headHidden,
    int projectionDim,
    int height,
    int width,
    int channels) {

  public void validate() {
    EncoderSpec.of(encoder);
    Stem.parse(stem, Math.min(height, width));
    if (widthMultiplier < 1) {
      throw new IllegalArgumentException("--width-multiplier must be >= 1");
    }
    if (headLayers < 1 || projectionDim < 1 || headHidden < 0) {
      throw new IllegalArgumentException("projection head: --head-layers >= 1, --projection-dim >= 1, --head-hidden >= 0");
    }
  }

  public EncoderSpec spec() {
    return EncoderSpec.of(encoder);
  }

  public int featureDim() {
    return spec().featureDim(widthMultiplier);
  }

  public int hiddenDim() {
    return headHidden == 0 ? featureDim() : headHidden;
  }

  /** Images float32 [N, H, W, C] in [0, 1] to the representation h. */
  public Operand<TFloat32> encode(Params p, Operand<TFloat32> images, boolean training) {
    return ResNet.encode(p, spec(), widthMultiplier, Stem.parse(stem, Math.min(height, width)),
        images, channels, training);
  }

  /** h to the projection z. */
  public Operand<TFloat32> project(Params p, Operand<TFloat32> h, boolean training) {
    return ProjectionHead.project(p, h, featureDim(), headLayers, hiddenDim(), projectionDim, training);
  }
}
