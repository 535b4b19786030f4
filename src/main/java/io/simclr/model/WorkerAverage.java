package io.simclr.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** An update that needs a tensor averaged over the workers; see {@link Params#addWorkerAveragedUpdate}. */
record WorkerAverage(Operand<TFloat32> local, CrossWorker workers, Function<Operand<TFloat32>, Op> update) {
  /** All of them in one all-reduce: flattened, concatenated, summed, split back, divided by the workers. */
  static List<Op> packed(Ops tf, List<WorkerAverage> all) {
    CrossWorker workers = all.get(0).workers();
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (WorkerAverage a : all) {
      flat.add(tf.reshape(a.local(), tf.constant(new int[] {-1})));
    }
    Operand<TFloat32> mean = tf.math.div(workers.sum(tf, tf.concat(flat, tf.constant(0))), tf.constant((float) workers.count()));
    List<Op> out = new ArrayList<>();
    int offset = 0;
    for (WorkerAverage a : all) {
      int size = Math.toIntExact(a.local().shape().size());
      Operand<TFloat32> part = tf.slice(mean, tf.constant(new int[] {offset}), tf.constant(new int[] {size}));
      out.add(a.update().apply(tf.reshape(part, tf.constant(a.local().shape().asArray()))));
      offset += size;
    }
    return out;
  }
}
