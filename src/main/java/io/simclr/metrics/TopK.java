package io.simclr.metrics;

/**
 * The one definition of top-k accuracy, for the kNN monitor, the linear probe's validation and
 * every classification report: an image counts when fewer than k other classes score at least as
 * high as its true class. Ties count against the true class, so a classifier that scores every
 * class alike is right for no image rather than for the class that happens to come first.
 */
public final class TopK {
  private TopK() {}

  /** How many other classes score at least as high as {@code truth}: 0 is a top-1 hit. */
  public static int rank(float[] scores, int truth) {
    float own = scores[truth];
    int above = 0;
    for (int c = 0; c < scores.length; c++) {
      if (c != truth && scores[c] >= own) above++;
    }
    return above;
  }

  /** The share of rows whose true class is among their top {@code k}. */
  public static double accuracy(float[][] scores, int[] truth, int k) {
    int hit = 0;
    for (int i = 0; i < truth.length; i++) {
      if (rank(scores[i], truth[i]) < k) hit++;
    }
    return (double) hit / truth.length;
  }

  /** The class with the highest score, the first of equals: what a prediction reports, not what top-1 counts. */
  public static int argMax(float[] scores) {
    int arg = 0;
    for (int c = 1; c < scores.length; c++) {
      if (scores[c] > scores[arg]) arg = c;
    }
    return arg;
  }
}
