package io.simclr.model;

import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A sum of tensors in the given order, one addition at a time: TensorFlow's AddN kernel starts from
 * whichever term's buffer it can reuse at run time, and its gradient builder orders terms as it
 * walks the graph, so with 3 or more terms an AddN rounds differently from run to run. The one
 * definition used by global batch norm and the towers' backward pass.
 */
public final class OrderedSum {
  private OrderedSum() {}

  /** {@code ((x0 + x1) + x2) + ...}; one term as it is. */
  public static <T extends Operand<TFloat32>> Operand<TFloat32> of(Ops tf, List<T> xs) {
    return of(tf, xs, add -> {});
  }

  /** As {@link #of(Ops, List)}, handing every addition to {@code eachAdd} as it is built (to place it). */
  public static <T extends Operand<TFloat32>> Operand<TFloat32> of(Ops tf, List<T> xs, Consumer<Operand<TFloat32>> eachAdd) {
    Operand<TFloat32> sum = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      sum = tf.math.add(sum, xs.get(i));
      eachAdd.accept(sum);
    }
    return sum;
  }
}
