package io.simclr.eval;

import io.simclr.metrics.TopK;
import java.util.ArrayList;
import java.util.List;

/** Top-1/top-5 accuracy ({@link TopK}'s tie rule), per-class precision/recall/F1 and the confusion matrix. */
public record ClassificationReport(
    double top1, double top5, List<ClassMetrics> perClass, int[][] confusion) {

  /** One class's precision, recall, F1 and support. */
  public record ClassMetrics(String name, double precision, double recall, double f1, int support) {}

  public static ClassificationReport of(int[] truth, float[][] scores, List<String> classNames) {
    int k = classNames.size();
    int[][] confusion = new int[k][k];
    int top1 = 0;
    int top5 = 0;
    for (int i = 0; i < truth.length; i++) {
      int better = TopK.rank(scores[i], truth[i]);
      int arg = TopK.argMax(scores[i]);
      if (better == 0) top1++;
      if (better < 5) top5++;
      confusion[truth[i]][better == 0 ? truth[i] : arg]++;
    }
    List<ClassMetrics> per = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      int tp = confusion[c][c];
      int predicted = 0;
      int actual = 0;
      for (int j = 0; j < k; j++) {
        predicted += confusion[j][c];
        actual += confusion[c][j];
      }
      double p = predicted == 0 ? 0 : (double) tp / predicted;
      double r = actual == 0 ? 0 : (double) tp / actual;
      per.add(new ClassMetrics(classNames.get(c), p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), actual));
    }
    return new ClassificationReport((double) top1 / truth.length, (double) top5 / truth.length, per, confusion);
  }
}
