package io.simclr.train;

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
 * <p>Gradient ops come from TensorFlow's C++ gradient builder, which takes no device scope: with
 * soft placement off they go to the first device. Forward passes run on their towers.
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
    int per = b / n;
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      Ops tf = towers.get(t);
      parts.add(tf.concat(List.of(rows(tf, views, t * per, per), rows(tf, views, b + t * per, per)), tf.constant(0)));
    }
    return new Replicated(towers, parts, statistics);
  }

  /** The towers' outputs [2B/N, D] back in the global order [view 1 of all B; view 2 of all B]. */
  static Operand<TFloat32> gather(Ops tf, Replicated x, int b) {
    int per = b / x.size();
    List<Operand<TFloat32>> first = new ArrayList<>();
    List<Operand<TFloat32>> second = new ArrayList<>();
    for (Operand<TFloat32> part : x.parts()) {
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
