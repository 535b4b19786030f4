package io.simclr.bench;

import io.simclr.augment.AugmentConfig;
import io.simclr.augment.Augmenter;
import io.simclr.augment.StepRandom;
import io.simclr.util.ImageShape;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/** The in-graph augmentation's speed against {@link JavaAugmenter}, a per-pixel Java loop. */
public final class AugmentationBenchmark {
  /** Views per second of each, for the same batch size and image size. */
  public record Comparison(double graphViewsPerSecond, double javaViewsPerSecond) {
    public double ratio() {
      return graphViewsPerSecond / javaViewsPerSecond;
    }
  }

  private AugmentationBenchmark() {}

  /**
   * @param graphAugmentSeconds the in-graph augmentation time of one step of {@code batch} images
   *     (two views each), from {@link TrainStepBenchmark}
   */
  public static Comparison run(double graphAugmentSeconds, int batch, int side, int channels, int reps) {
    byte[] px = new byte[batch * side * side * channels];
    new Random(0).nextBytes(px);
    JavaAugmenter java = new JavaAugmenter(AugmentConfig.defaults(side), 0);
    int per = side * side * channels;
    long t0 = System.nanoTime();
    int views = 0;
    for (int rep = 0; rep < reps; rep++) {
      for (int i = 0; i < batch; i++) {
        java.view(px, i * per, side, side, channels);
        java.view(px, i * per, side, side, channels);
        views += 2;
      }
    }
    double javaPerSec = views / ((System.nanoTime() - t0) / 1e9);
    return new Comparison(2 * batch / graphAugmentSeconds, javaPerSec);
  }

  /**
   * Seconds per run of the in-graph augmentation alone (two views of a fed uint8 batch of random
   * pixels, the default recipe for the side, a new step each run), after five warm-up runs.
   */
  public static double graphSeconds(int batch, ImageShape shape, int reps, ConfigProto config) {
    try (Graph g = new Graph(); Session s = new Session(g, config)) {
      Ops tf = Ops.create(g);
      Shape dims = Shape.of(batch, shape.height(), shape.width(), shape.channels());
      Placeholder<TUint8> images = tf.placeholder(TUint8.class, Placeholder.shape(dims));
      Placeholder<TInt64> step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> views = Augmenter.twoViews(tf, new StepRandom(tf, 7, step),
          AugmentConfig.defaults(Math.min(shape.height(), shape.width())), images, batch, shape);
      byte[] px = new byte[(int) dims.size()];
      new Random(3).nextBytes(px);
      try (TUint8 t = TUint8.tensorOf(dims, DataBuffers.of(px, true, false))) {
        long t0 = 0;
        for (int i = 0; i < 5 + reps; i++) {
          if (i == 5) {
            t0 = System.nanoTime();
          }
          try (TInt64 st = TInt64.scalarOf(i)) {
            s.runner().feed(images, t).feed(step, st).fetch(views).run().close();
          }
        }
        return (System.nanoTime() - t0) / 1e9 / reps;
      }
    }
  }
}
