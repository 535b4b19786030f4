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

  public static Operand<TFloat32> project(Params p, Operand<TFloat32> h, ModelConfig m, Mode mode) {
    int layers = m.headLayers();
    int hidden = m.hiddenDim();
    int outDim = m.projectionDim();
    Operand<TFloat32> x = h;
    int in = m.featureDim();
    for (int i = 0; i < layers - 1; i++) {
      x = Layers.dense(p, "head.l" + i, x, in, hidden, INIT_STD);
      x = Layers.relu(p, BatchNorm.apply(p, "head.l" + i + ".bn", x, hidden, mode, BatchNorm.Style.STANDARD));
      in = hidden;
    }
    int last = layers - 1;
    x = Layers.dense(p, "head.l" + last, x, in, outDim, INIT_STD);
    return BatchNorm.apply(p, "head.l" + last + ".bn", x, outDim, mode, BatchNorm.Style.UNCENTERED);
  }
}
