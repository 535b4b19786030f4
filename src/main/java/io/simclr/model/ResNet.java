package io.simclr.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** ResNet v1 encoder: images [N, H, W, C] in [0, 1] to the representation h [N, F]. */
public final class ResNet {
  private ResNet() {}

  public static Operand<TFloat32> encode(Params p, ModelConfig m, Operand<TFloat32> images, Mode mode) {
    Ops tf = p.tf();
    EncoderSpec spec = m.encoder().spec();
    int widthMultiplier = m.widthMultiplier();
    int inChannels = m.image().channels();
    Stem stem = m.resolvedStem();
    int c = spec.stemWidth() * widthMultiplier;
    Operand<TFloat32> x;
    if (stem == Stem.CIFAR) {
      x = Layers.conv(p, "enc.stem.conv", images, inChannels, c, 3, 1);
    } else {
      x = Layers.conv(p, "enc.stem.conv", images, inChannels, c, 7, 2);
    }
    x = Layers.relu(p, BatchNorm.apply(p, "enc.stem.bn", x, c, mode, BatchNorm.Style.STANDARD));
    if (stem == Stem.IMAGENET) {
      x = tf.nn.maxPool(x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
    }
    for (int s = 0; s < spec.blocks().length; s++) {
      int width = spec.widths()[s] * widthMultiplier;
      for (int b = 0; b < spec.blocks()[s]; b++) {
        int stride = (b == 0 && s > 0) ? 2 : 1;
        String name = "enc.s" + s + ".b" + b;
        if (spec.bottleneck()) {
          x = bottleneck(p, name, x, c, width, stride, mode);
          c = width * 4;
        } else {
          x = basic(p, name, x, c, width, stride, mode);
          c = width;
        }
      }
    }
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  private static Operand<TFloat32> basic(
      Params p, String n, Operand<TFloat32> x, int in, int out, int stride, Mode mode) {
    Operand<TFloat32> shortcut = shortcut(p, n, x, in, out, stride, mode);
    Operand<TFloat32> y = Layers.conv(p, n + ".conv1", x, in, out, 3, stride);
    y = Layers.relu(p, BatchNorm.apply(p, n + ".bn1", y, out, mode, BatchNorm.Style.STANDARD));
    y = Layers.conv(p, n + ".conv2", y, out, out, 3, 1);
    y = BatchNorm.apply(p, n + ".bn2", y, out, mode, BatchNorm.Style.ZERO_GAMMA);
    return Layers.relu(p, p.tf().math.add(y, shortcut));
  }

  private static Operand<TFloat32> bottleneck(
      Params p, String n, Operand<TFloat32> x, int in, int width, int stride, Mode mode) {
    int out = width * 4;
    Operand<TFloat32> shortcut = shortcut(p, n, x, in, out, stride, mode);
    Operand<TFloat32> y = Layers.conv(p, n + ".conv1", x, in, width, 1, 1);
    y = Layers.relu(p, BatchNorm.apply(p, n + ".bn1", y, width, mode, BatchNorm.Style.STANDARD));
    y = Layers.conv(p, n + ".conv2", y, width, width, 3, stride);
    y = Layers.relu(p, BatchNorm.apply(p, n + ".bn2", y, width, mode, BatchNorm.Style.STANDARD));
    y = Layers.conv(p, n + ".conv3", y, width, out, 1, 1);
    y = BatchNorm.apply(p, n + ".bn3", y, out, mode, BatchNorm.Style.ZERO_GAMMA);
    return Layers.relu(p, p.tf().math.add(y, shortcut));
  }

  /** Identity, or a 1x1 projection with batch norm where the shape changes. */
  private static Operand<TFloat32> shortcut(
      Params p, String n, Operand<TFloat32> x, int in, int out, int stride, Mode mode) {
    if (stride == 1 && in == out) {
      return x;
    }
    Operand<TFloat32> s = Layers.conv(p, n + ".proj", x, in, out, 1, stride);
    return BatchNorm.apply(p, n + ".proj_bn", s, out, mode, BatchNorm.Style.STANDARD);
  }
}
