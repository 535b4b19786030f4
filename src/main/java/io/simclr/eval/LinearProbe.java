package io.simclr.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import io.simclr.data.ClassBalanced;
import io.simclr.metrics.TopK;
import io.simclr.run.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The SimCLR paper's linear evaluation for small data sets (appendix B.5): an L2-regularised
 * multinomial logistic regression on frozen features, minimised with L-BFGS on the softmax
 * cross-entropy (TensorFlow computes loss and gradient, {@link Lbfgs} drives), the strength
 * chosen on a class-balanced validation split held out of the training split, then the model
 * refit on the whole training split with that strength. The features are whitened first
 * (statistics of the split being fitted, {@link Whitening}), and the penalty is on the weights of
 * the white features ({@link RidgeObjective}): on correlated encoder features L-BFGS then needs a
 * few hundred iterations instead of thousands. The unregularised limit is the same classifier as
 * on raw or standardised features.
 */
public final class LinearProbe {
  /** How the regularisation strength is set. */
  public enum Protocol {
    /** Choose it on a held-out validation split over {@link Settings#grid}, then refit (the paper). */
    SWEEP,
    /** Use {@link Settings#fixedL2}; one fit on the whole training split. */
    FIXED;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param grid strengths tried by the sweep, largest first (each fit starts from the previous one)
   * @param validationFraction share of each class held out for the sweep
   * @param seed of the validation split
   * @param patience the sweep stops once this many strengths in a row fell short of the best
   *     validation accuracy (the weakest penalties cost the most iterations and, past the peak,
   *     only overfit); the grid's remaining values are then not fitted
   */
  public record Settings(Protocol protocol, double fixedL2, List<Double> grid, double validationFraction,
      long seed, int patience, Lbfgs.Settings sweepSolver, Lbfgs.Settings refitSolver) {

    /**
     * The paper's range: 45 log-spaced strengths from 1e5 down to 1e-6, 10% validation; patience
     * 8 strengths (two decades).
     */
    public static Settings paper(long seed) {
      List<Double> grid = new ArrayList<>();
      for (int i = 44; i >= 0; i--) {
        grid.add(Math.pow(10, -6 + 11.0 * i / 44));
      }
      return new Settings(Protocol.SWEEP, 0, grid, 0.1, seed, 8,
          new Lbfgs.Settings(10, 1e-5, 300), new Lbfgs.Settings(10, 1e-6, 2000));
    }

    public Settings withFixedL2(double l2) {
      return new Settings(Protocol.FIXED, l2, grid, validationFraction, seed, patience, sweepSolver, refitSolver);
    }
  }

  /** One strength of the sweep: validation accuracy and loss of the model fitted with it. */
  public record Point(double l2, double validationAccuracy, double validationLoss, int iterations, boolean converged) {}

  /** How the final fit's optimisation ended; the gradient norm is in the white-feature parameters. */
  public record Solve(double l2, double loss, double gradientNorm, int iterations, int evaluations,
      Lbfgs.Status status, boolean converged) {
    static Solve of(double l2, Lbfgs.Result r) {
      return new Solve(l2, r.value(), r.gradientNorm(), r.iterations(), r.evaluations(), r.status(), r.converged());
    }
  }

  /**
   * How the probe was chosen and fitted (what the report shows).
   *
   * @param l2 the strength of the final fit
   * @param chosenAtGridEdge the sweep's best strength is the grid's first or last: widen the grid
   * @param refit how the final fit on the whole training split ended
   * @param curve the sweep's validation curve (empty for a fixed strength)
   */
  public record Summary(Protocol protocol, double l2, boolean chosenAtGridEdge, Solve refit, List<Point> curve) {}

  /** The fitted classifier and how it came about. */
  public record Fit(Model model, Summary summary) {}

  /** The fitted classifier on the original features: logits = x W + b, W [dim][classes] row-major. */
  public record Model(double[] weights, double[] bias, int dim, int classes) {
    /** Class scores (logits) for each row. */
    public float[][] scores(float[][] x) {
      float[][] out = new float[x.length][classes];
      for (int i = 0; i < x.length; i++) {
        double[] row = bias.clone();
        for (int d = 0; d < dim; d++) {
          double v = x[i][d];
          if (v == 0) {
            continue;
          }
          int base = d * classes;
          for (int k = 0; k < classes; k++) row[k] += v * weights[base + k];
        }
        for (int k = 0; k < classes; k++) out[i][k] = (float) row[k];
      }
      return out;
    }
  }

  private LinearProbe() {}

  public static Fit train(float[][] x, int[] y, int classes, Settings s) {
    if (s.protocol() == Protocol.FIXED) {
      Fitted f = fit(x, y, classes, List.of(s.fixedL2()), s.refitSolver(), AfterEach.CONTINUE);
      return new Fit(f.model, new Summary(Protocol.FIXED, s.fixedL2(), false, f.last, List.of()));
    }
    int[][] split = validationSplit(y, classes, s.validationFraction(), s.seed());
    float[][] xTrain = rows(x, split[0]);
    int[] yTrain = labels(y, split[0]);
    float[][] xVal = rows(x, split[1]);
    int[] yVal = labels(y, split[1]);
    List<Point> curve = new ArrayList<>();
    fit(xTrain, yTrain, classes, s.grid(), s.sweepSolver(), (l2, model, r) -> {
      float[][] scores = model.scores(xVal);
      curve.add(new Point(l2, accuracy(scores, yVal), crossEntropy(scores, yVal), r.iterations(), r.converged()));
      return curve.size() - 1 - best(curve) < s.patience();
    });
    int best = best(curve);
    double chosen = curve.get(best).l2();
    Fitted refit = fit(x, y, classes, List.of(chosen), s.refitSolver(), AfterEach.CONTINUE);
    return new Fit(refit.model,
        new Summary(Protocol.SWEEP, chosen, best == 0 || best == s.grid().size() - 1, refit.last, curve));
  }

  /** The index of the best point: higher validation accuracy, a tie going to the lower validation loss. */
  static int best(List<Point> curve) {
    int best = 0;
    for (int i = 1; i < curve.size(); i++) {
      Point p = curve.get(i);
      Point b = curve.get(best);
      if (p.validationAccuracy() > b.validationAccuracy()
          || (p.validationAccuracy() == b.validationAccuracy() && p.validationLoss() < b.validationLoss())) {
        best = i;
      }
    }
    return best;
  }

  /** What a fit does after each strength: go on to the next one, or stop (true = go on). */
  @FunctionalInterface
  private interface AfterEach {
    AfterEach CONTINUE = (l2, model, r) -> true;

    boolean next(double l2, Model model, Lbfgs.Result r);
  }

  private record Fitted(Model model, Solve last) {}

  /**
   * Fits each strength in turn, each starting from the previous solution, handing each fit to
   * {@code afterEach} (the sweep records its validation point there and stops on patience).
   */
  private static Fitted fit(float[][] x, int[] y, int classes, List<Double> strengths, Lbfgs.Settings solver,
      AfterEach afterEach) {
    Whitening.Fitted w = Whitening.fit(x);
    int rank = w.whitening().rank();
    try (SoftmaxObjective objective = new SoftmaxObjective(w.x(), x.length, rank, y, classes)) {
      double[] theta = new double[objective.parameters()];
      Solve last = null;
      Model model = null;
      for (double l2 : strengths) {
        Lbfgs.Result r = Lbfgs.minimize(new RidgeObjective(objective, rank * classes, l2), theta, solver);
        theta = r.x();
        last = Solve.of(l2, r);
        model = model(w.whitening(), theta, classes);
        if (!afterEach.next(l2, model, r)) {
          break;
        }
      }
      return new Fitted(model, last);
    }
  }

  /** The classifier on the original features from parameters [W (rank x k), b (k)] on whitened ones. */
  private static Model model(Whitening w, double[] theta, int classes) {
    int split = w.rank() * classes;
    double[][] eff = w.unwhiten(Arrays.copyOfRange(theta, 0, split), Arrays.copyOfRange(theta, split, theta.length), classes);
    return new Model(eff[0], eff[1], w.dim(), classes);
  }

  /** Per class, a seeded shuffle; the first {@code fraction} of each class is validation: [train, validation]. */
  static int[][] validationSplit(int[] y, int classes, double fraction, long seed) {
    return ClassBalanced.split(y, classes, fraction, c -> Seeds.probeValidation(seed, c));
  }

  static double accuracy(float[][] scores, int[] y) {
    return TopK.accuracy(scores, y, 1);
  }

  static double crossEntropy(float[][] scores, int[] y) {
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (float v : scores[i]) max = Math.max(max, v);
      double sum = 0;
      for (float v : scores[i]) sum += Math.exp(v - max);
      total += Math.log(sum) + max - scores[i][y[i]];
    }
    return total / y.length;
  }

  private static float[][] rows(float[][] x, int[] idx) {
    float[][] out = new float[idx.length][];
    for (int i = 0; i < idx.length; i++) out[i] = x[idx[i]];
    return out;
  }

  private static int[] labels(int[] y, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = y[idx[i]];
    return out;
  }
}
