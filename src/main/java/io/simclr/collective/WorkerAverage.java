package io.simclr.collective;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** An update that needs a tensor averaged over the workers (batch norm's moving statistics). */
public record WorkerAverage(Operand<TFloat32> local, CrossWorker workers, Function<Operand<TFloat32>, Op> update) {
  /** All of them in one all-reduce, each divided by the number of workers and handed to its update. */
  public static List<Op> packed(Ops tf, List<WorkerAverage> all) {
    CrossWorker workers = all.get(0).workers();
    List<Operand<TFloat32>> sums = workers.sumEach(tf, all.stream().map(WorkerAverage::local).toList());
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      out.add(all.get(i).update().apply(tf.math.div(sums.get(i), tf.constant((float) workers.count()))));
    }
    return out;
  }
}
