package io.simclr.eval;

/**
 * The probe's objective on white features ({@link Whitening}): the data term (mean softmax
 * cross-entropy, by TensorFlow) plus (l2 / 2) |W|^2 on the weights of the white features (not the
 * bias). A ridge penalty is invariant to rotations, so it does not depend on which whitening was
 * used; it differs from a penalty on standardised-feature weights in that it shrinks every
 * principal direction alike.
 */
final class RidgeObjective implements Lbfgs.Objective {
  private final SoftmaxObjective data;
  private final int penalised;
  private final double l2;

  /** @param penalised how many leading parameters are weights (the rest are biases) */
  RidgeObjective(SoftmaxObjective data, int penalised, double l2) {
    this.data = data;
    this.penalised = penalised;
    this.l2 = l2;
  }

  @Override
  public double evaluate(double[] theta, double[] g) {
    double f = data.evaluate(theta, g);
    double sq = 0;
    for (int i = 0; i < penalised; i++) {
      sq += theta[i] * theta[i];
      g[i] += l2 * theta[i];
    }
    return f + 0.5 * l2 * sq;
  }
}
