package io.simclr.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.framework.losses.Losses;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * NT-Xent (normalised temperature-scaled cross entropy) over 2N views stacked as
 * [view1 of images 0..N-1; view2 of images 0..N-1]. Row i's positive is its twin (i + N mod 2N);
 * the other 2N - 2 rows are negatives; the diagonal (self-similarity) is masked out.
 */
public final class NtXent {
  /** Large enough to vanish in the softmax, small enough to stay finite in float32. */
  static final float MASK = 1e9f;

  private NtXent() {}

  /** Loss (mean over 2N rows), contrastive accuracy (positive ranked first) and mean entropy. */
  public record Outputs(Operand<TFloat32> loss, Operand<TFloat32> accuracy, Operand<TFloat32> entropy) {}

  public static Outputs build(Ops tf, Operand<TFloat32> z, int n, float temperature) {
    int m = 2 * n;
    Operand<TFloat32> zn = l2Normalize(tf, z);
    Operand<TFloat32> sim = tf.linalg.matMul(zn, zn, MatMul.transposeB(true));
    int[] rows = new int[m];
    int[] twins = new int[m];
    for (int i = 0; i < m; i++) {
      rows[i] = i;
      twins[i] = (i + n) % m;
    }
    Operand<TFloat32> eye = tf.oneHot(tf.constant(rows), tf.constant(m), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> labels = tf.oneHot(tf.constant(twins), tf.constant(m), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> logits = tf.math.sub(
        tf.math.div(sim, tf.constant(temperature)), tf.math.mul(eye, tf.constant(MASK)));
    Operand<TFloat32> loss = CrossEntropy.mean(tf, labels, logits);
    Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(1));
    Operand<TFloat32> hit = tf.dtypes.cast(
        tf.math.equal(predicted, tf.dtypes.cast(tf.constant(twins), TInt64.class)), TFloat32.class);
    Operand<TFloat32> accuracy = tf.math.mean(hit, tf.constant(0));
    Operand<TFloat32> prob = tf.nn.softmax(logits);
    Operand<TFloat32> entropy = tf.math.neg(tf.math.mean(
        tf.reduceSum(tf.math.mul(prob, tf.nn.logSoftmax(logits)), tf.constant(1)), tf.constant(0)));
    return new Outputs(loss, accuracy, entropy);
  }

  /** x / max(||x||, 1e-6) row-wise (the framework's: square, sum, max, rsqrt, all with gradients). */
  public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    return Losses.l2Normalize(tf, x, new int[] {1});
  }

}
