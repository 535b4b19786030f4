package io.simclr.augment;

import io.simclr.util.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** What a training graph receives from its input: whole images to crop, or views cropped already. */
public sealed interface BatchPixels {
  /**
   * The random resized crops of every image, {@code copies} each, view-major, float32 in [0, 1],
   * each mirrored left-right with probability {@code c.flipProb()} (the draw after the crop's).
   */
  Operand<TFloat32> crops(Ops tf, StepRandom rnd, AugmentConfig c, int batch, int copies, ImageShape shape);

  /** Whole images [B, H, W, C]: the graph takes the random resized crops (in-memory and raw data). */
  record Images(Operand<TUint8> images) implements BatchPixels {
    @Override
    public Operand<TFloat32> crops(Ops tf, StepRandom rnd, AugmentConfig c, int batch, int copies, ImageShape shape) {
      int m = copies * batch;
      int[] index = new int[m];
      for (int i = 0; i < m; i++) {
        index[i] = i % batch;
      }
      Operand<TFloat32> boxes = RandomResizedCrop.boxes(tf, rnd, c, m);
      // a box with x1 > x2 samples the crop mirrored: the flip costs nothing
      Operand<TFloat32> mirrored = tf.gather(boxes, tf.constant(new int[] {0, 3, 2, 1}), tf.constant(1));
      boxes = Augmenter.rows(tf, rnd.rowCoin(m, c.flipProb()), mirrored, boxes);
      return tf.math.div(RandomResizedCrop.apply(tf, images, boxes, index, shape), tf.constant(255f));
    }
  }

  /**
   * Views [copies x B, H, W, C], view-major, already cropped (with the crop draws this graph would
   * have made) and resized by the input pipeline from the full stored image (encoded data).
   */
  record CroppedViews(Operand<TUint8> views) implements BatchPixels {
    @Override
    public Operand<TFloat32> crops(Ops tf, StepRandom rnd, AugmentConfig c, int batch, int copies, ImageShape shape) {
      rnd.skip(RandomResizedCrop.DRAWS);
      Operand<TFloat32> x = tf.math.div(tf.dtypes.cast(views, TFloat32.class), tf.constant(255f));
      return Augmenter.rows(tf, rnd.rowCoin(copies * batch, c.flipProb()), tf.reverse(x, tf.constant(new int[] {2})), x);
    }
  }
}
