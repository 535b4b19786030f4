package io.simclr.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * SimCLR v2 projection head: {@code layers - 1} hidden dense-BN-ReLU layers of width
 * {@code hidden}, then dense to {@code outDim} with batch norm and no bias or ReLU.
 */
public final class ProjectionHead {
  /** Dense init RandomNormal(0.01), as the official code. */
  static final double INIT_STD = 0.01;

  private ProjectionHead() {}

  /**
   * The first {@code layers} hidden layers (dense-BN-ReLU) of the head only: SimCLRv2 fine-tunes
   * from the first layer of the projection head. 0 gives h back.
   */
  public static Operand<TFloat32> hidden(Params p, Operand<TFloat32> h, ModelConfig m, int layers, Mode mode) {
    return hidden(p, Replicated.single(p.tf(), h), m, layers, mode).single();
  }

  public static Replicated hidden(Params p, Replicated h, ModelConfig m, int layers, Mode mode) {
    if (layers < 0 || layers > m.headLayers() - 1) {
      throw new IllegalArgumentException("the head has " + (m.headLayers() - 1) + " hidden layers, not " + layers);
    }
    Replicated x = h;
    int in = m.featureDim();
    for (int i = 0; i < layers; i++) {
      x = Layers.dense(p, "head.l" + i, x, in, m.hiddenDim(), INIT_STD);
      x = Layers.relu(BatchNorm.apply(p, "head.l" + i + ".bn", x, m.hiddenDim(), mode, BatchNorm.Style.STANDARD));
      in = m.hiddenDim();
    }
    return x;
  }

  public static Replicated project(Params p, Replicated h, ModelConfig m, Mode mode) {
    int last = m.headLayers() - 1;
    Replicated x = hidden(p, h, m, last, mode);
    x = Layers.dense(p, "head.l" + last, x, last == 0 ? m.featureDim() : m.hiddenDim(), m.projectionDim(), INIT_STD);
    return BatchNorm.apply(p, "head.l" + last + ".bn", x, m.projectionDim(), mode, BatchNorm.Style.UNCENTERED);
  }
}
