package io.simclr.train;

import io.simclr.data.ClassBalanced;
import io.simclr.data.ImageRecords;
import io.simclr.input.InferenceImages;
import io.simclr.metrics.KnnClassifier;
import io.simclr.metrics.Metric;
import io.simclr.metrics.StepMetrics;
import io.simclr.metrics.TopK;
import io.simclr.run.Seeds;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * kNN top-1 while pretraining: features of a fixed, seeded, class-balanced subset of the test
 * split and of the training split, from the current weights with batch norm in inference mode,
 * classified by the same weighted kNN as {@code linear-eval}. It only reads the variables, so
 * training (and bit-exact resume) is unaffected. The images are read (and, when encoded, decoded
 * as serving does) chunk by chunk at each measurement, so memory does not grow with their size.
 */
final class KnnMonitor implements Monitor {
  static final int TRAIN_PER_CLASS = 1000;
  static final int TEST_PER_CLASS = 200;
  static final int K = 200;
  private static final int CHUNK = 500;

  private final PretrainGraph.Inference inference;
  private final InferenceImages bank;
  private final int[] bankIndices;
  private final int[] bankLabels;
  private final InferenceImages queries;
  private final int[] queryIndices;
  private final int[] queryLabels;
  private final int classes;
  private final long every;
  private final long total;
  private final List<? extends Closeable> owned;

  /**
   * @param every monitor steps (the last step of the run is one too)
   * @param owned what the monitor closes with itself (splits it was given to read alone)
   */
  KnnMonitor(PretrainGraph.Inference inference, ImageRecords train, ImageRecords test, long seed, long every, long total,
      List<? extends Closeable> owned) {
    this.owned = owned;
    this.inference = inference;
    classes = train.numClasses();
    bankIndices = ClassBalanced.take(train.labels(), classes, TRAIN_PER_CLASS, c -> Seeds.monitorTrain(seed, c))[1];
    queryIndices = ClassBalanced.take(test.labels(), classes, TEST_PER_CLASS, c -> Seeds.monitorTest(seed, c))[1];
    bankLabels = labelsOf(train, bankIndices);
    queryLabels = labelsOf(test, queryIndices);
    bank = new InferenceImages(train);
    queries = new InferenceImages(test);
    this.every = every;
    this.total = total;
  }

  private static int[] labelsOf(ImageRecords set, int[] indices) {
    int[] all = set.labels();
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = all[indices[i]];
    }
    return out;
  }

  @Override
  public String describe() {
    return "kNN monitor: " + queryIndices.length + " test images against " + bankIndices.length
        + " training images (class-balanced, seeded), k = " + K + ", every " + every + " steps";
  }

  int trainImages() {
    return bankIndices.length;
  }

  int testImages() {
    return queryIndices.length;
  }

  @Override
  public java.util.Set<Metric> metrics() {
    return java.util.Set.of(Metric.KNN_TOP1);
  }

  @Override
  public boolean due(long step) {
    return step % every == 0 || step == total;
  }

  @Override
  public Map<Metric, Double> measure(Session s, StepMetrics step, PrintStream progress) {
    return Map.of(Metric.KNN_TOP1, top1(s));
  }

  double top1(Session s) {
    float[][] b = embed(s, bank, bankIndices);
    float[][] q = embed(s, queries, queryIndices);
    return top1(b, bankLabels, q, queryLabels, classes);
  }

  /** kNN top-1 of the queries against the bank: linear-eval's kNN and tie rule ({@link TopK}). */
  static double top1(float[][] bank, int[] bankLabels, float[][] queries, int[] queryLabels, int classes) {
    return TopK.accuracy(KnnClassifier.scores(bank, bankLabels, queries, classes, K), queryLabels, 1);
  }

  private float[][] embed(Session s, InferenceImages images, int[] indices) {
    try {
      return images.map(indices, CHUNK, t -> {
        try (Result r = s.runner().feed(inference.images(), t).fetch(inference.features()).run()) {
          return InferenceImages.flat((TFloat32) r.get(0));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    bank.close();
    queries.close();
    for (Closeable c : owned) {
      c.close();
    }
  }
}
