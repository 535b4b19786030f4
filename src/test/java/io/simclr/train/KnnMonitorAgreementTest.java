package io.simclr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simclr.eval.ClassificationReport;
import io.simclr.metrics.KnnClassifier;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pretraining monitor's "kNN top-1" is linear-eval's kNN top-1: same scores, same tie rule. */
class KnnMonitorAgreementTest {
  private static final List<String> NAMES = List.of("a", "b", "c");

  private static double linearEvalKnnTop1(float[][] bank, int[] bankLabels, float[][] q, int[] qLabels) {
    return ClassificationReport.of(qLabels, KnnClassifier.scores(bank, bankLabels, q, 3, KnnMonitor.K), NAMES).top1();
  }

  @Test
  void sameTop1OnTheSameFeatures() {
    Random r = new Random(5);
    int n = 300;
    float[][] bank = new float[n][8];
    int[] bankLabels = new int[n];
    for (int i = 0; i < n; i++) {
      bankLabels[i] = i % 3;
      for (int j = 0; j < 8; j++) bank[i][j] = (float) ((j == bankLabels[i] ? 1.5 : 0) + r.nextGaussian());
    }
    float[][] q = new float[90][8];
    int[] qLabels = new int[90];
    for (int i = 0; i < 90; i++) {
      qLabels[i] = i % 3;
      for (int j = 0; j < 8; j++) q[i][j] = (float) ((j == qLabels[i] ? 1.5 : 0) + r.nextGaussian());
    }
    double monitor = KnnMonitor.top1(bank, bankLabels, q, qLabels, 3);
    assertEquals(linearEvalKnnTop1(bank, bankLabels, q, qLabels), monitor, 0.0);
    assertEquals(true, monitor > 0.5 && monitor < 1.0, "a real, imperfect classifier: " + monitor);
  }

  @Test
  void aTieCountsAgainstTheTrueClassInBoth() {
    // one image of class a and one of class b with the same features; the query sits on them
    float[][] bank = {{1, 0}, {1, 0}, {0, 1}};
    int[] bankLabels = {0, 1, 2};
    float[][] q = {{1, 0}, {0, 1}};
    int[] qLabels = {0, 2};
    // query 0: classes a and b tie (the first of equals is its own class, a); query 1: a clear hit
    assertEquals(0.5, KnnMonitor.top1(bank, bankLabels, q, qLabels, 3), 0.0);
    assertEquals(0.5, linearEvalKnnTop1(bank, bankLabels, q, qLabels), 0.0);
  }
}
