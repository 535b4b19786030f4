package io.simclr.model;

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
