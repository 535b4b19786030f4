package io.simclr.testing;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Small helpers for running graph fragments in tests. */
public final class Tf {
  private Tf() {}

  public static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }

  public static float[] fetch(Session s, Operand<TFloat32> x, Operand<?> feedTo, Tensor feed) {
    try (Result r = s.runner().feed(feedTo, feed).fetch(x).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }

  public static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  public static TFloat32 floats(Shape shape, float[] values) {
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  public static TUint8 bytes(Shape shape, byte[] values) {
    return TUint8.tensorOf(shape, DataBuffers.of(values, true, false));
  }
}
