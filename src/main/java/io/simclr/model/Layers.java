package io.simclr.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Convolution and dense layers as plain functions of their inputs. */
public final class Layers {
  private Layers() {}

  /** k x k convolution without bias (batch norm follows), He initialisation; one weight for all replicas. */
  public static Replicated conv(
      Params p, String name, Replicated x, int inChannels, int outChannels, int k, int stride) {
    var w = p.varianceScaling(
        name + ".w", Shape.of(k, k, inChannels, outChannels), 2.0, (long) k * k * inChannels, Params.Kind.WEIGHT);
    Replicated y = x.map((tf, part) -> tf.nn.conv2d(part, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME"));
    Shape s = y.parts().get(0).shape();
    if (s.numDimensions() == 4 && s.size(1) > 0) {
      p.addFlops(2.0 * k * k * inChannels * outChannels * s.size(1) * s.size(2));
    }
    return y;
  }

  /** x @ W, W drawn from N(0, initStd) (the layer before a batch norm needs no bias). */
  public static Operand<TFloat32> dense(
      Params p, String name, Operand<TFloat32> x, int in, int out, double initStd) {
    return dense(p, name, Replicated.single(p.tf(), x), in, out, initStd).single();
  }

  /** x @ W on every replica, one W. */
  public static Replicated dense(Params p, String name, Replicated x, int in, int out, double initStd) {
    var w = p.normal(name + ".w", Shape.of(in, out), initStd, Params.Kind.WEIGHT);
    p.addFlops(2.0 * in * out);
    return x.map((tf, part) -> tf.linalg.matMul(part, w));
  }

  /** x @ W + b, with b starting at 0. */
  public static Operand<TFloat32> denseWithBias(
      Params p, String name, Operand<TFloat32> x, int in, int out, double initStd) {
    Operand<TFloat32> y = dense(p, name, x, in, out, initStd);
    return p.tf().nn.biasAdd(y, p.constant(name + ".b", Shape.of(out), 0f, Params.Kind.BIAS));
  }

  public static Replicated relu(Replicated x) {
    return x.map((tf, part) -> tf.nn.relu(part));
  }
}
