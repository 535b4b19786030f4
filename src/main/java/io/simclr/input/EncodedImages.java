package io.simclr.input;

import io.simclr.util.ImageShape;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * A batch of encoded images (string [N], each a PNG, JPEG, GIF or BMP of any size) decoded in the
 * graph into the model's input [N, H, W, C] in [0, 1], one element at a time in a while loop, so
 * a serving client needs no image code. Each image is decoded as RGB (alpha dropped, gray
 * repeated), converted to one channel with ITU-R 601 luma weights when the model takes one
 * (the weights {@code prep} uses), and resized bilinearly with half-pixel centres. An element
 * that is not an image fails the call with TensorFlow's message.
 */
public final class EncodedImages {
  /** ITU-R 601 luma, as {@code prep} converts RGB images to one channel. */
  public static final float[] LUMA = {0.299f, 0.587f, 0.114f};

  private EncodedImages() {}

  public static Operand<TFloat32> decode(Graph g, Ops tf, Operand<TString> bytes, ImageShape shape) {
    Operand<TInt32> n = tf.size(bytes, TInt32.class);
    Operand<TFloat32> empty = tf.fill(tf.concat(List.of(tf.reshape(n, tf.constant(new int[] {1})),
        tf.constant(new int[] {shape.height(), shape.width(), shape.channels()})), tf.constant(0)), tf.constant(0f));
    Output<?>[] init = {tf.constant(0).asOutput(), bytes.asOutput(), empty.asOutput()};
    Output<?>[] done = g.whileLoop(init,
        (cg, in, out) -> {
          Ops c = Ops.create(cg);
          @SuppressWarnings("unchecked")
          Operand<TInt32> i = (Operand<TInt32>) in[0];
          @SuppressWarnings("unchecked")
          Operand<TString> all = (Operand<TString>) in[1];
          out[0] = c.math.less(i, c.size(all, TInt32.class)).asOutput();
        },
        (bg, in, out) -> {
          Ops b = Ops.create(bg);
          @SuppressWarnings("unchecked")
          Operand<TInt32> i = (Operand<TInt32>) in[0];
          @SuppressWarnings("unchecked")
          Operand<TString> all = (Operand<TString>) in[1];
          @SuppressWarnings("unchecked")
          Operand<TFloat32> acc = (Operand<TFloat32>) in[2];
          Operand<TFloat32> one = one(b, b.gather(all, i, b.constant(0)), shape);
          out[0] = b.math.add(i, b.constant(1)).asOutput();
          out[1] = all.asOutput();
          out[2] = b.tensorScatterNdUpdate(acc, b.reshape(i, b.constant(new int[] {1, 1})), one).asOutput();
        },
        "decode_images");
    @SuppressWarnings("unchecked")
    Operand<TFloat32> images = (Operand<TFloat32>) done[2];
    return tf.ensureShape(images, Shape.of(-1, shape.height(), shape.width(), shape.channels()));
  }

  /** One encoded image to float [1, H, W, C] in [0, 1]. */
  private static Operand<TFloat32> one(Ops tf, Operand<TString> encoded, ImageShape shape) {
    Operand<TUint8> rgb = tf.image.decodeImage(encoded, TUint8.class,
        DecodeImage.channels(3L), DecodeImage.expandAnimations(false));
    Operand<TFloat32> x = tf.image.resizeBilinear(tf.expandDims(rgb, tf.constant(0)),
        tf.constant(new int[] {shape.height(), shape.width()}), ResizeBilinear.halfPixelCenters(true));
    if (shape.channels() == 1) {
      x = tf.reduceSum(tf.math.mul(x, tf.constant(LUMA)), tf.constant(3),
          ReduceSum.keepDims(true));
    }
    return tf.math.div(x, tf.constant(255f));
  }
}
