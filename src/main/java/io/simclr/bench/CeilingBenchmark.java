package io.simclr.bench;

import io.simclr.runtime.Precision;
import io.simclr.runtime.SessionConfigs;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's own MatMul and Conv2D FLOP/s on this machine, in float32 or bfloat16: the ceiling
 * for steps of that precision.
 */
public final class CeilingBenchmark {
  /** FLOP/s of a 2048^3 MatMul and of a 3x3 128->128 Conv2D on 64 x 32 x 32. */
  public record Result(double matmulFlops, double convFlops) {}

  private CeilingBenchmark() {}

  public static Result run(int threads, int reps, Precision precision) {
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.threads(threads, 0))) {
      Ops tf = Ops.create(g);
      boolean bf16 = precision == Precision.BF16;
      // Inputs are fed, not generated in the graph, so nothing can be constant-folded away.
      var a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2048, 2048)));
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(64, 32, 32, 128)));
      var w = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, 128, 128)));
      // bf16: the fed values cast in the graph (O(n^2) next to the O(n^3) product), the ops in bfloat16
      Operand<?> mm = bf16 ? tf.linalg.matMul(toBf16(tf, a), toBf16(tf, a)) : tf.linalg.matMul(a, a);
      Operand<?> conv = bf16 ? tf.nn.conv2d(toBf16(tf, x), toBf16(tf, w), List.of(1L, 1L, 1L, 1L), "SAME")
          : tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME");
      try (TFloat32 at = random(Shape.of(2048, 2048)); TFloat32 xt = random(Shape.of(64, 32, 32, 128));
          TFloat32 wt = random(Shape.of(3, 3, 128, 128))) {
        double mmSecs = time(() -> s.runner().feed(a, at).fetch(mm).run().close(), reps);
        double convSecs = time(() -> s.runner().feed(x, xt).feed(w, wt).fetch(conv).run().close(), reps);
        return new Result(2.0 * 2048 * 2048 * 2048 / mmSecs, 2.0 * 3 * 3 * 128 * 128 * 64 * 32 * 32 / convSecs);
      }
    }
  }

  private static Operand<TBfloat16> toBf16(Ops tf, Operand<TFloat32> x) {
    return tf.dtypes.cast(x, TBfloat16.class);
  }

  private static TFloat32 random(Shape shape) {
    float[] v = new float[(int) shape.size()];
    Random r = new Random(1);
    for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
    return TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
  }

  private static double time(Runnable op, int reps) {
    op.run();
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      op.run();
    }
    return (System.nanoTime() - t0) / 1e9 / reps;
  }
}
