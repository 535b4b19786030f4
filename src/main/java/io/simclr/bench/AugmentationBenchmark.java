package io.simclr.bench;

import io.simclr.augment.AugmentConfig;
import java.util.Random;

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
}
