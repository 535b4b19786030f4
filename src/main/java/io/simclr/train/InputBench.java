package io.simclr.train;

import io.simclr.augment.AugmentConfig;
import io.simclr.augment.Augmenter;
import io.simclr.augment.BatchPixels;
import io.simclr.augment.StepRandom;
import io.simclr.config.RunOptions;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.feed.BatchInput;
import io.simclr.feed.BatchOrder;
import io.simclr.feed.Feed;
import io.simclr.feed.TrainData;
import io.simclr.util.ImageShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The training input pipeline alone, as {@code pretrain} builds it for a prepared dataset: the
 * batches of {@code steps} steps read (and for encoded data decoded and cropped) and fed, with
 * and without the in-graph augmentation of the two views, no network. Images per second.
 */
public final class InputBench {
  /**
   * @param hostImagesPerSecond read, decoded, cropped (encoded data) and fed
   * @param augmentedImagesPerSecond the same plus the graph's augmentation of two views per image
   */
  public record Result(String storage, boolean streamed, double hostImagesPerSecond, double augmentedImagesPerSecond) {}

  private InputBench() {}

  public static Result run(Path dir, int batch, int steps, RunOptions o, PrintStream log) throws IOException {
    Manifest m = PreparedDataset.readManifest(dir);
    ImageShape shape = m.shape();
    AugmentConfig augment = AugmentConfig.defaults(Math.min(shape.height(), shape.width()));
    try (TrainData data = TrainData.open(dir, m, "train", o, log)) {
      BatchOrder order = new BatchOrder(data.size(), batch, 0);
      double host = imagesPerSecond(data, order, batch, steps, augment, shape, false, o, log);
      double augmented = imagesPerSecond(data, order, batch, steps, augment, shape, true, o, log);
      return new Result(m.storage().toString(), data.streamed(), host, augmented);
    }
  }

  private static double imagesPerSecond(TrainData data, BatchOrder order, int batch, int steps, AugmentConfig augment,
      ImageShape shape, boolean withAugmentation, RunOptions o, PrintStream log) throws IOException {
    try (BatchInput input = data.input(order.copy(), 0, batch, batch, new TrainData.Crops(2, augment, 0), o, log);
        Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      BatchPixels pixels = input.build(tf);
      Placeholder<TInt64> step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> out = withAugmentation
          ? Augmenter.twoViews(tf, new StepRandom(tf, 0, step), augment, pixels, batch, shape)
          : pixels.crops(tf, new StepRandom(tf, 0, step), AugmentConfig.identity(), batch, 2, shape);
      Operand<TFloat32> sum = tf.reduceSum(out, tf.constant(new int[] {0, 1, 2, 3}));
      try (Session s = new Session(g, o.sessionConfig())) {
        int warmup = 2;
        long t0 = 0;
        for (long i = 0; i < warmup + steps; i++) {
          if (i == warmup) {
            t0 = System.nanoTime();
          }
          Session.Runner r = s.runner();
          try (Feed f = input.feed(r, i); TInt64 st = TInt64.scalarOf(i)) {
            r.feed(step, st).fetch(sum).run().close();
          }
        }
        return (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
