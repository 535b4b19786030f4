package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LbfgsTest {
  static final Lbfgs.Settings TIGHT = new Lbfgs.Settings(10, 1e-9, 1000);

  @Test
  void illConditionedQuadraticReachesTheKnownMinimiser() {
    // f(x) = 1/2 (x - x*)'A(x - x*) with A = Q diag(1..1000) Q' (condition 1000) and x* chosen; f* = 0
    int n = 30;
    Random r = new Random(4);
    double[][] q = orthonormal(n, r);
    double[] eig = new double[n];
    for (int i = 0; i < n; i++) eig[i] = Math.pow(1000, (double) i / (n - 1));
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) a[i][j] += q[i][k] * eig[k] * q[j][k];
      }
    }
    double[] xStar = new double[n];
    for (int i = 0; i < n; i++) xStar[i] = r.nextGaussian();
    Lbfgs.Objective f = (x, g) -> {
      double[] e = new double[n];
      for (int i = 0; i < n; i++) e[i] = x[i] - xStar[i];
      double[] ae = mul(a, e);
      double v = 0;
      for (int i = 0; i < n; i++) {
        g[i] = ae[i];
        v += 0.5 * e[i] * ae[i];
      }
      return v;
    };
    // |x - x*| <= |grad| / smallest eigenvalue (1)
    Lbfgs.Result res = Lbfgs.minimize(f, new double[n], new Lbfgs.Settings(10, 1e-9, 1000));
    assertTrue(res.converged(), res.status() + " after " + res.iterations());
    for (int i = 0; i < n; i++) {
      assertEquals(xStar[i], res.x()[i], 1e-9, "x[" + i + "]");
    }
    assertTrue(res.gradientNorm() <= 1e-9);
  }

  @Test
  void rosenbrockReachesOneOne() {
    Lbfgs.Objective f = (x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    Lbfgs.Result res = Lbfgs.minimize(f, new double[] {-1.2, 1}, TIGHT);
    assertTrue(res.converged(), res.status() + " after " + res.iterations());
    assertEquals(1, res.x()[0], 1e-7);
    assertEquals(1, res.x()[1], 1e-7);
    assertTrue(res.iterations() < 100, "iterations " + res.iterations());
  }

  @Test
  void stopsAtTheIterationCapAndSaysSo() {
    Lbfgs.Objective f = (x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    Lbfgs.Result res = Lbfgs.minimize(f, new double[] {-1.2, 1}, new Lbfgs.Settings(5, 1e-9, 3));
    assertEquals(Lbfgs.Status.MAX_ITERATIONS, res.status());
    assertEquals(3, res.iterations());
    assertFalse(res.converged());
  }

  @Test
  void startingAtTheMinimumTakesNoStep() {
    Lbfgs.Result res = Lbfgs.minimize((x, g) -> {
      g[0] = 2 * (x[0] - 3);
      return (x[0] - 3) * (x[0] - 3);
    }, new double[] {3}, TIGHT);
    assertTrue(res.converged());
    assertEquals(0, res.iterations());
    assertEquals(1, res.evaluations());
  }

  static double[] mul(double[][] a, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) y[i] += a[i][j] * x[j];
    }
    return y;
  }

  /** Gram-Schmidt on random vectors: rows of an orthonormal matrix. */
  static double[][] orthonormal(int n, Random r) {
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) q[i][j] = r.nextGaussian();
      for (int k = 0; k < i; k++) {
        double d = Lbfgs.dot(q[i], q[k]);
        for (int j = 0; j < n; j++) q[i][j] -= d * q[k][j];
      }
      double norm = Lbfgs.norm(q[i]);
      for (int j = 0; j < n; j++) q[i][j] /= norm;
    }
    return q;
  }
}
