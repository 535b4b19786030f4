package io.simclr.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** ResNet v1 encoder: images [N, H, W, C] in [0, 1] to the representation h [N, F], on every replica. */
public final class ResNet {
  private ResNet() {}

  public static Replicated encode(Params p, ModelConfig m, Replicated images, Mode mode) {
    EncoderSpec spec = m.encoder().spec();
    int widthMultiplier = m.widthMultiplier();
    int inChannels = m.image().channels();
    Stem stem = m.resolvedStem();
    int c = spec.stemWidth() * widthMultiplier;
    Replicated x;
    if (stem == Stem.CIFAR) {
      x = Layers.conv(p, "enc.stem.conv", images, inChannels, c, 3, 1);
    } else {
      x = Layers.conv(p, "enc.stem.conv", images, inChannels, c, 7, 2);
    }
    x = Layers.relu(BatchNorm.apply(p, "enc.stem.bn", x, c, mode, BatchNorm.Style.STANDARD));
    if (stem == Stem.IMAGENET) {
      x = x.map((tf, part) -> tf.nn.maxPool(part, tf.constant(new int[] {1, 3, 3, 1}),
          tf.constant(new int[] {1, 2, 2, 1}), "SAME"));
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
    return x.map((tf, part) -> tf.math.mean(part, tf.constant(new int[] {1, 2})));
  }

  private static Replicated basic(Params p, String n, Replicated x, int in, int out, int stride, Mode mode) {
    Replicated shortcut = shortcut(p, n, x, in, out, stride, mode);
    Replicated y = Layers.conv(p, n + ".conv1", x, in, out, 3, stride);
    y = Layers.relu(BatchNorm.apply(p, n + ".bn1", y, out, mode, BatchNorm.Style.STANDARD));
    y = Layers.conv(p, n + ".conv2", y, out, out, 3, 1);
    y = BatchNorm.apply(p, n + ".bn2", y, out, mode, BatchNorm.Style.ZERO_GAMMA);
    return Layers.relu(y.zip(shortcut, (tf, a, b) -> tf.math.add(a, b)));
  }

  private static Replicated bottleneck(Params p, String n, Replicated x, int in, int width, int stride, Mode mode) {
    int out = width * 4;
    Replicated shortcut = shortcut(p, n, x, in, out, stride, mode);
    Replicated y = Layers.conv(p, n + ".conv1", x, in, width, 1, 1);
    y = Layers.relu(BatchNorm.apply(p, n + ".bn1", y, width, mode, BatchNorm.Style.STANDARD));
    y = Layers.conv(p, n + ".conv2", y, width, width, 3, stride);
    y = Layers.relu(BatchNorm.apply(p, n + ".bn2", y, width, mode, BatchNorm.Style.STANDARD));
    y = Layers.conv(p, n + ".conv3", y, width, out, 1, 1);
    y = BatchNorm.apply(p, n + ".bn3", y, out, mode, BatchNorm.Style.ZERO_GAMMA);
    return Layers.relu(y.zip(shortcut, (tf, a, b) -> tf.math.add(a, b)));
  }

  /** Identity, or a 1x1 projection with batch norm where the shape changes. */
  private static Replicated shortcut(Params p, String n, Replicated x, int in, int out, int stride, Mode mode) {
    if (stride == 1 && in == out) {
      return x;
    }
    Replicated s = Layers.conv(p, n + ".proj", x, in, out, 1, stride);
    return BatchNorm.apply(p, n + ".proj_bn", s, out, mode, BatchNorm.Style.STANDARD);
  }

  /** The single-device encoder. */
  static Operand<TFloat32> encode(Params p, ModelConfig m, Operand<TFloat32> images, Mode mode) {
    return encode(p, m, Replicated.single(p.tf(), images), mode).single();
  }
}
