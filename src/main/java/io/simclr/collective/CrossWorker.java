package io.simclr.collective;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Sums over the worker processes of a cluster: an all-reduce that gradients pass through (the
 * gradient of a worker's input is the sum of every worker's gradient of the output, since each
 * worker's backward pass covers only its own part of the batch). {@link #NONE} in one process.
 */
public interface CrossWorker {
  /** The number of workers. */
  int count();

  /** {@code x} summed over the workers; every worker must build the same calls in the same order. */
  Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x);

  /**
   * Every tensor of {@code xs} summed over the workers in one all-reduce (flattened, concatenated,
   * split back into their shapes): one collective round trip instead of one per tensor.
   */
  default List<Operand<TFloat32>> sumEach(Ops tf, List<Operand<TFloat32>> xs) {
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (Operand<TFloat32> x : xs) {
      flat.add(tf.reshape(x, tf.constant(new int[] {-1})));
    }
    Operand<TFloat32> all = sum(tf, tf.concat(flat, tf.constant(0)));
    List<Operand<TFloat32>> out = new ArrayList<>();
    int offset = 0;
    for (Operand<TFloat32> x : xs) {
      int size = Math.toIntExact(x.shape().size());
      Operand<TFloat32> part = tf.slice(all, tf.constant(new int[] {offset}), tf.constant(new int[] {size}));
      out.add(tf.reshape(part, tf.constant(x.shape().asArray())));
      offset += size;
    }
    return out;
  }

  /** One process: nothing to sum over. */
  CrossWorker NONE = new CrossWorker() {
    @Override
    public int count() {
      return 1;
    }

    @Override
    public Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x) {
      return x;
    }
  };
}
