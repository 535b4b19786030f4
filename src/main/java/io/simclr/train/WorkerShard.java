package io.simclr.train;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A worker's share of every global batch: images [t B/W, (t+1) B/W) of the batch the run's
 * {@link BatchOrder} draws (the same images as tower t of W in one process).
 */
final class WorkerShard implements BatchInput {
  private final BatchInput input;
  private final int from;

  /** @param input feeds batches of B/W images */
  WorkerShard(BatchInput input, int task, int perWorker) {
    this.input = input;
    this.from = task * perWorker;
  }

  @Override
  public Operand<TUint8> build(Ops tf) {
    return input.build(tf);
  }

  @Override
  public Operand<TInt32> labels(Ops tf) {
    return input.labels(tf);
  }

  @Override
  public void load(Session s) {
    input.load(s);
  }

  @Override
  public Feed feed(Session.Runner runner, int[] order, int offset) {
    return input.feed(runner, order, offset + from);
  }
}
