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

  public static Operand<TFloat32> project(
      Params p, Operand<TFloat32> h, int inDim, int layers, int hidden, int outDim, boolean training) {
    if (layers < 1) {
      throw new IllegalArgumentException("projection head needs at least 1 layer");
    }
    Operand<TFloat32> x = h;
    int in = inDim;
    for (int i = 0; i < layers - 1; i++) {
      x = Layers.dense(p, "head.l" + i, x, in, hidden, INIT_STD, false);
      x = Layers.relu(p, BatchNorm.apply(p, "head.l" + i + ".bn", x, hidden, training, false, true));
      in = hidden;
    }
    int last = layers - 1;
    x = Layers.dense(p, "head.l" + last, x, in, outDim, INIT_STD, false);
    return BatchNorm.apply(p, "head.l" + last + ".bn", x, outDim, training, false, false);
  }
}
