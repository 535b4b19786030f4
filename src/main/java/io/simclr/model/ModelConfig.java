package io.simclr.model;

import static io.simclr.util.InvalidConfigException.check;

import io.simclr.util.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Architecture of encoder plus projection head, and the image shape it was built for. Training,
 * export and evaluation all build the network from this record, so variable names always agree.
 * Start from {@link #defaults} and change fields with the {@code with...} methods.
 *
 * @param headHidden hidden width of the head; 0 means the encoder's feature width
 */
public record ModelConfig(
    Encoder encoder,
    int widthMultiplier,
    Stem stem,
    int headLayers,
    int headHidden,
    int projectionDim,
    ImageShape image) {

  /** resnet-small, width 1, stem by image size, 2-layer head of the encoder's width, 128-d output. */
  public static ModelConfig defaults(ImageShape image) {
    return new ModelConfig(Encoder.RESNET_SMALL, 1, Stem.AUTO, 2, 0, 128, image);
  }

  public ModelConfig withEncoder(Encoder v) {
    return new ModelConfig(v, widthMultiplier, stem, headLayers, headHidden, projectionDim, image);
  }

  public ModelConfig withWidthMultiplier(int v) {
    return new ModelConfig(encoder, v, stem, headLayers, headHidden, projectionDim, image);
  }

  public ModelConfig withStem(Stem v) {
    return new ModelConfig(encoder, widthMultiplier, v, headLayers, headHidden, projectionDim, image);
  }

  public ModelConfig withHeadLayers(int v) {
    return new ModelConfig(encoder, widthMultiplier, stem, v, headHidden, projectionDim, image);
  }

  public ModelConfig withHeadHidden(int v) {
    return new ModelConfig(encoder, widthMultiplier, stem, headLayers, v, projectionDim, image);
  }

  public ModelConfig withProjectionDim(int v) {
    return new ModelConfig(encoder, widthMultiplier, stem, headLayers, headHidden, v, image);
  }

  public ModelConfig withImage(ImageShape v) {
    return new ModelConfig(encoder, widthMultiplier, stem, headLayers, headHidden, projectionDim, v);
  }

  public void validate() {
    check(encoder != null && stem != null && image != null, "model: encoder, stem and image shape are required");
    check(widthMultiplier >= 1, "--width-multiplier must be >= 1, got " + widthMultiplier);
    check(headLayers >= 1, "--head-layers must be >= 1, got " + headLayers);
    check(headHidden >= 0, "--head-hidden must be >= 0 (0 = the encoder's width), got " + headHidden);
    check(projectionDim >= 1, "--projection-dim must be >= 1, got " + projectionDim);
  }

  /** CIFAR or IMAGENET, never AUTO. */
  public Stem resolvedStem() {
    return stem.resolve(Math.min(image.height(), image.width()));
  }

  public int featureDim() {
    return encoder.spec().featureDim(widthMultiplier);
  }

  public int hiddenDim() {
    return headHidden == 0 ? featureDim() : headHidden;
  }

  /** Images float32 [N, H, W, C] in [0, 1] to the representation h. */
  public Operand<TFloat32> encode(Params p, Operand<TFloat32> images, Mode mode) {
    return ResNet.encode(p, this, images, mode);
  }

  /** The same on every replica's part of a batch. */
  public Replicated encode(Params p, Replicated images, Mode mode) {
    return ResNet.encode(p, this, images, mode);
  }

  /** h to the projection z. */
  public Operand<TFloat32> project(Params p, Operand<TFloat32> h, Mode mode) {
    return ProjectionHead.project(p, Replicated.single(p.tf(), h), this, mode).single();
  }

  public Replicated project(Params p, Replicated h, Mode mode) {
    return ProjectionHead.project(p, h, this, mode);
  }
}
