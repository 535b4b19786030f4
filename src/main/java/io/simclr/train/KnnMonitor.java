package io.simclr.train;

import io.simclr.data.ClassBalanced;
import io.simclr.data.ImageSet;
import io.simclr.metrics.KnnClassifier;
import io.simclr.run.Seeds;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * kNN top-1 while pretraining: features of a fixed, seeded, class-balanced subset of the test
 * split and of the training split, from the current weights with batch norm in inference mode,
 * classified by the same weighted kNN as {@code linear-eval}. It only reads the variables, so
 * training (and bit-exact resume) is unaffected.
 */
final class KnnMonitor {
  static final int TRAIN_PER_CLASS = 1000;
  static final int TEST_PER_CLASS = 200;
  static final int K = 200;
  private static final int CHUNK = 500;

  private final PretrainGraph.Inference inference;
  private final ImageSet bank;
  private final ImageSet queries;
  private final long every;
  private final long total;

  /** @param every monitor steps (the last step of the run is one too) */
  KnnMonitor(PretrainGraph.Inference inference, ImageSet train, ImageSet test, long seed, long every, long total) {
    this.inference = inference;
    int classes = train.numClasses();
    bank = train.subset(ClassBalanced.take(train.labels(), classes, TRAIN_PER_CLASS, c -> Seeds.monitorTrain(seed, c))[1]);
    queries = test.subset(ClassBalanced.take(test.labels(), classes, TEST_PER_CLASS, c -> Seeds.monitorTest(seed, c))[1]);
    this.every = every;
    this.total = total;
  }

  String describe() {
    return "kNN monitor: " + queries.size() + " test images against " + bank.size()
        + " training images (class-balanced, seeded), k = " + K + ", every " + every + " steps";
  }

  int trainImages() {
    return bank.size();
  }

  int testImages() {
    return queries.size();
  }

  boolean due(long step) {
    return step % every == 0 || step == total;
  }

  double measure(Session s) {
    float[][] b = embed(s, bank);
    float[][] q = embed(s, queries);
    float[][] scores = KnnClassifier.scores(b, bank.labels(), q, bank.numClasses(), K);
    int hit = 0;
    for (int i = 0; i < q.length; i++) {
      int arg = 0;
      for (int c = 1; c < scores[i].length; c++) {
        if (scores[i][c] > scores[i][arg]) arg = c;
      }
      if (arg == queries.labels()[i]) hit++;
    }
    return (double) hit / q.length;
  }

  private float[][] embed(Session s, ImageSet set) {
    int per = set.shape().pixelsPerImage();
    float[][] out = new float[set.size()][];
    for (int from = 0; from < set.size(); from += CHUNK) {
      int n = Math.min(CHUNK, set.size() - from);
      byte[] px = set.slice(from, n);
      float[] x = new float[px.length];
      for (int i = 0; i < x.length; i++) x[i] = (px[i] & 0xff) / 255f;
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(n, set.shape().height(), set.shape().width(), set.shape().channels()),
              DataBuffers.of(x, true, false));
          Result r = s.runner().feed(inference.images(), t).fetch(inference.features()).run()) {
        TFloat32 f = (TFloat32) r.get(0);
        int d = (int) f.shape().get(1);
        float[] flat = new float[n * d];
        f.copyTo(DataBuffers.of(flat, false, false));
        for (int i = 0; i < n; i++) out[from + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
      }
    }
    return out;
  }
}
