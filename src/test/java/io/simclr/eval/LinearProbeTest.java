package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
  /** Mean cross-entropy of softmax(x W + b) plus l2/2 |W|^2, and its gradient, in plain double Java. */
  static double reference(double[] x, int n, int d, int[] y, int k, double[] theta, double l2, double[] grad) {
    Arrays.fill(grad, 0);
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] z = new double[k];
      for (int c = 0; c < k; c++) {
        z[c] = theta[d * k + c];
        for (int j = 0; j < d; j++) z[c] += x[i * d + j] * theta[j * k + c];
      }
      double max = Arrays.stream(z).max().orElseThrow();
      double sum = 0;
      for (double v : z) sum += Math.exp(v - max);
      loss += Math.log(sum) + max - z[y[i]];
      for (int c = 0; c < k; c++) {
        double p = Math.exp(z[c] - max) / sum - (c == y[i] ? 1 : 0);
        grad[d * k + c] += p / n;
        for (int j = 0; j < d; j++) grad[j * k + c] += p * x[i * d + j] / n;
      }
    }
    loss /= n;
    for (int i = 0; i < d * k; i++) {
      loss += 0.5 * l2 * theta[i] * theta[i];
      grad[i] += l2 * theta[i];
    }
    return loss;
  }

  /** Three overlapping Gaussian classes in 4 dimensions. */
  static float[][] blobs(int n, int d, int[] y, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int j = 0; j < d; j++) x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 1.5 : 0) + 3 * j);
    }
    return x;
  }

  @Test
  void tensorflowLossAndGradientPlusRidgeEqualTheDoubleReference() {
    int n = 50, d = 4, k = 3;
    Random r = new Random(1);
    double[] x = new double[n * d];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
    for (int i = 0; i < n; i++) y[i] = r.nextInt(k);
    double[] theta = new double[d * k + k];
    for (int i = 0; i < theta.length; i++) theta[i] = r.nextGaussian();
    try (SoftmaxObjective tf = new SoftmaxObjective(x, n, d, y, k)) {
      Lbfgs.Objective ridge = new RidgeObjective(tf, d * k, 0.3);
      double[] g = new double[theta.length];
      double[] gRef = new double[theta.length];
      double loss = ridge.evaluate(theta, g);
      double lossRef = reference(x, n, d, y, k, theta, 0.3, gRef);
      assertEquals(lossRef, loss, 1e-12);
      assertArrayEquals(gRef, g, 1e-12);
    }
  }

  @Test
  void fixedStrengthFitIsTheOptimumOfTheConvexObjective() {
    int n = 300, d = 4, k = 3;
    int[] y = new int[n];
    float[][] x = blobs(n, d, y, 2);
    double l2 = 0.01;
    LinearProbe.Fit fit = LinearProbe.train(x, y, k, LinearProbe.Settings.paper(0).withFixedL2(l2));
    assertTrue(fit.summary().refit().converged(), fit.summary().refit().toString());
    // Back to whitened coordinates: with C the covariance, P'CP = I, so W_w = P'C W and b_w = b + mean'W.
    LinearProbe.Model m = fit.model();
    Whitening.Fitted w = Whitening.fit(x);
    Whitening wh = w.whitening();
    assertEquals(d, wh.rank());
    double[][] cov = new double[d][d];
    for (float[] row : x) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) cov[i][j] += (row[i] - wh.mean()[i]) * (row[j] - wh.mean()[j]) / n;
      }
    }
    double[] theta = new double[d * k + k];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < k; c++) {
        double v = 0;
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) v += wh.projection()[i * d + r] * cov[i][j] * m.weights()[j * k + c];
        }
        theta[r * k + c] = v;
      }
    }
    for (int c = 0; c < k; c++) {
      theta[d * k + c] = m.bias()[c];
      for (int i = 0; i < d; i++) theta[d * k + c] += wh.mean()[i] * m.weights()[i * k + c];
    }
    // the reference gradient (independent code) vanishes there: the optimum of a strictly convex problem
    double[] g = new double[theta.length];
    double loss = reference(w.x(), n, d, y, k, theta, l2, g);
    assertTrue(Lbfgs.norm(g) < 1e-5, "reference |grad| " + Lbfgs.norm(g));
    assertEquals(loss, fit.summary().refit().loss(), 1e-9);
    // whitened training features have zero mean and identity covariance
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double c = 0;
        for (int r = 0; r < n; r++) c += w.x()[r * d + i] * w.x()[r * d + j] / n;
        assertEquals(i == j ? 1 : 0, c, 1e-9, "cov[" + i + "][" + j + "]");
      }
    }
    double acc = LinearProbe.accuracy(m.scores(x), y);
    assertTrue(acc > 0.7, "training accuracy " + acc);
  }

  @Test
  void validationSplitIsClassBalancedSeededAndDisjoint() {
    int[] y = new int[1000];
    for (int i = 0; i < y.length; i++) y[i] = i < 700 ? 0 : (i < 950 ? 1 : 2); // 700 / 250 / 50
    int[][] a = LinearProbe.validationSplit(y, 3, 0.1, 5);
    int[][] b = LinearProbe.validationSplit(y, 3, 0.1, 5);
    int[][] c = LinearProbe.validationSplit(y, 3, 0.1, 6);
    assertArrayEquals(a[1], b[1], "same seed, same split");
    assertFalse(Arrays.equals(a[1], c[1]), "another seed, another split");
    int[] perClass = new int[3];
    for (int i : a[1]) perClass[y[i]]++;
    assertArrayEquals(new int[] {70, 25, 5}, perClass);
    assertEquals(1000, a[0].length + a[1].length);
    assertTrue(Arrays.stream(a[0]).noneMatch(i -> Arrays.binarySearch(a[1], i) >= 0), "disjoint");
  }

  @Test
  void sweepPicksTheBestValidationStrengthAndRefits() {
    int n = 600, d = 4, k = 3;
    int[] y = new int[n];
    float[][] x = blobs(n, d, y, 3);
    LinearProbe.Settings s = LinearProbe.Settings.paper(0);
    LinearProbe.Fit fit = LinearProbe.train(x, y, k, s);
    List<LinearProbe.Point> curve = fit.summary().curve();
    // evaluated from the strongest penalty; the sweep stops `patience` points after the best
    assertEquals(s.grid().subList(0, curve.size()), curve.stream().map(LinearProbe.Point::l2).toList());
    int bestIndex = LinearProbe.best(curve);
    assertTrue(curve.size() == s.grid().size() || curve.size() - 1 - bestIndex == s.patience(), curve.size() + " " + bestIndex);
    double best = curve.stream().mapToDouble(LinearProbe.Point::validationAccuracy).max().orElseThrow();
    LinearProbe.Point chosen = curve.stream().filter(p -> p.l2() == fit.summary().l2()).findFirst().orElseThrow();
    assertEquals(best, chosen.validationAccuracy());
    // the strongest penalty leaves W ~ 0: probabilities at chance (loss ln 3), however the argmax falls
    assertEquals(Math.log(3), curve.get(0).validationLoss(), 1e-3);
    assertTrue(chosen.validationLoss() < Math.log(3) - 0.1, chosen.toString());
    assertTrue(fit.summary().refit().converged());
    assertEquals(fit.summary().l2(), fit.summary().refit().l2());
  }
}
