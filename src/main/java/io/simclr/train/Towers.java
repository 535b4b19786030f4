package io.simclr.train;

import io.simclr.collective.Collectives;
import io.simclr.model.Replicated;
import io.simclr.runtime.Device;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Data-parallel towers in one process: one per device (GPU:i, or the virtual CPU devices a session
 * gets from {@code ConfigProto.device_count}). The views of the global batch ([view 1 of B
 * images; view 2 of B images], augmented once, so augmentation does not depend on the number of
 * towers) are sharded by image: tower t gets images [t B/N, (t+1) B/N) of both views. Their outputs
 * are gathered back in the global order, so the NT-Xent loss sees all 2B projections.
 *
 * <p>Workers (processes of a cluster) split the global batch the same way, one part each, and
 * gather their outputs with a collective.
 *
 * <p>Forward passes run on their towers; so do their backward passes ({@link
 * BackwardPass#TOWERS}); the loss, its gradient and the sum of the towers' weight
 * gradients run on the first device.
 */
final class Towers {
  private Towers() {}

  static List<Ops> ops(Ops base, Device device, int n) {
    List<Ops> out = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      DeviceSpec.DeviceType type = device == Device.GPU ? DeviceSpec.DeviceType.GPU : DeviceSpec.DeviceType.CPU;
      out.add(base.withDevice(DeviceSpec.newBuilder().deviceType(type).deviceIndex(t).build()).withSubScope("tower" + t));
    }
    return out;
  }

  /** Tower t's part of the views [2B, ...]: its images of view 1, then of view 2. */
  static Replicated shard(List<Ops> towers, Operand<TFloat32> views, int b, Replicated.Statistics statistics) {
    int n = towers.size();
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      parts.add(part(towers.get(t), views, b, t, n));
    }
    return new Replicated(towers, parts, statistics);
  }

  /** Part t of n of the views [2B, ...]: its B/n images of view 1, then the same images' view 2. */
  static Operand<TFloat32> part(Ops tf, Operand<TFloat32> views, int b, int t, int n) {
    int per = b / n;
    return tf.concat(List.of(rows(tf, views, t * per, per), rows(tf, views, b + t * per, per)), tf.constant(0));
  }

  /**
   * The rows of the views [2B, ...] that part t of n holds, in its order: its images' view 1, then
   * their view 2.
   */
  static int[] viewRows(int b, int t, int n) {
    int per = b / n;
    int[] rows = new int[2 * per];
    for (int i = 0; i < per; i++) {
      rows[i] = t * per + i;
      rows[per + i] = b + t * per + i;
    }
    return rows;
  }

  /** The towers' outputs [2B/N, D] back in the global order [view 1 of all B; view 2 of all B]. */
  static Operand<TFloat32> gather(Ops tf, Replicated x, int b) {
    return inGlobalOrder(tf, x.parts(), b);
  }

  /** This process's outputs: one tower's as they are, several towers' gathered into their batch's order. */
  static Operand<TFloat32> local(Ops tf, Replicated x, int b) {
    return x.size() == 1 ? x.single() : gather(tf, x, b);
  }

  /**
   * Every worker's outputs [2B/W, D], gathered from all of them in task order, back in the global
   * order; the same order as one process with W towers.
   */
  static Operand<TFloat32> gather(Ops tf, Operand<TFloat32> local, Collectives workers, int b) {
    Operand<TFloat32> all = workers.gather(tf, local);
    int rows = 2 * b / workers.count();
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int w = 0; w < workers.count(); w++) {
      parts.add(rows(tf, all, w * rows, rows));
    }
    return inGlobalOrder(tf, parts, b);
  }

  private static Operand<TFloat32> inGlobalOrder(Ops tf, List<Operand<TFloat32>> parts, int b) {
    int per = b / parts.size();
    List<Operand<TFloat32>> first = new ArrayList<>();
    List<Operand<TFloat32>> second = new ArrayList<>();
    for (Operand<TFloat32> part : parts) {
      first.add(rows(tf, part, 0, per));
      second.add(rows(tf, part, per, per));
    }
    first.addAll(second);
    return tf.concat(first, tf.constant(0));
  }

  private static Operand<TFloat32> rows(Ops tf, Operand<TFloat32> x, int from, int count) {
    int rank = x.shape().numDimensions();
    int[] begin = new int[rank];
    int[] size = new int[rank];
    begin[0] = from;
    size[0] = count;
    for (int i = 1; i < rank; i++) size[i] = -1;
    return tf.slice(x, tf.constant(begin), tf.constant(size));
  }
}
