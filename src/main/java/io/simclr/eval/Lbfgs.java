package io.simclr.eval;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4 with
 * the two-loop recursion and H0 = (s'y / y'y) I) and a line search for the strong Wolfe
 * conditions (Algorithms 3.5 and 3.6, cubic interpolation in the zoom). Double precision
 * throughout. Converged means the gradient's 2-norm fell to {@code gradientTolerance}.
 */
public final class Lbfgs {
  /** f(x) and its gradient, written into {@code gradient}. */
  public interface Objective {
    double evaluate(double[] x, double[] gradient);
  }

  /**
   * @param memory correction pairs kept (m)
   * @param gradientTolerance stop when ||grad f||_2 is at most this
   * @param maxIterations stop (not converged) after this many iterations
   */
  public record Settings(int memory, double gradientTolerance, int maxIterations) {}

  /** Why the minimisation stopped. */
  public enum Status {
    /** ||grad f|| <= tolerance. */
    CONVERGED,
    /** The iteration cap was reached first. */
    MAX_ITERATIONS,
    /** No step along the search direction lowered f enough (typically: at the limit of precision). */
    LINE_SEARCH_FAILED
  }

  /** The point reached, f and ||grad f|| there, and the work done. */
  public record Result(double[] x, double value, double gradientNorm, int iterations, int evaluations, Status status) {
    public boolean converged() {
      return status == Status.CONVERGED;
    }
  }

  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LINE_SEARCH = 40;

  private final Objective f;
  private final Settings settings;
  private int evaluations;

  private Lbfgs(Objective f, Settings settings) {
    this.f = f;
    this.settings = settings;
  }

  public static Result minimize(Objective f, double[] x0, Settings settings) {
    return new Lbfgs(f, settings).run(x0.clone());
  }

  private Result run(double[] x) {
    int n = x.length;
    int m = settings.memory();
    double[][] s = new double[m][];
    double[][] y = new double[m][];
    double[] rho = new double[m];
    int stored = 0;
    int newest = -1;
    double[] g = new double[n];
    double fx = eval(x, g);
    int k = 0;
    while (true) {
      double gnorm = norm(g);
      if (gnorm <= settings.gradientTolerance()) {
        return new Result(x, fx, gnorm, k, evaluations, Status.CONVERGED);
      }
      if (k >= settings.maxIterations()) {
        return new Result(x, fx, gnorm, k, evaluations, Status.MAX_ITERATIONS);
      }
      double[] d = direction(g, s, y, rho, stored, newest, m);
      double slope = dot(g, d);
      if (slope >= 0) {
        // not a descent direction (lost curvature information): restart from steepest descent
        stored = 0;
        for (int i = 0; i < n; i++) d[i] = -g[i];
        slope = -gnorm * gnorm;
      }
      double alpha0 = stored == 0 ? Math.min(1.0, 1.0 / gnorm) : 1.0;
      LineSearch ls = lineSearch(x, fx, g, d, slope, alpha0);
      if (ls == null && stored > 0) {
        // the quasi-Newton direction led nowhere: forget the curvature pairs, try steepest descent
        stored = 0;
        for (int i = 0; i < n; i++) d[i] = -g[i];
        ls = lineSearch(x, fx, g, d, -gnorm * gnorm, Math.min(1.0, 1.0 / gnorm));
      }
      if (ls == null) {
        return new Result(x, fx, gnorm, k, evaluations, Status.LINE_SEARCH_FAILED);
      }
      newest = (newest + 1) % m;
      double[] sk = new double[n];
      double[] yk = new double[n];
      for (int i = 0; i < n; i++) {
        sk[i] = ls.x[i] - x[i];
        yk[i] = ls.g[i] - g[i];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-12 * norm(sk) * norm(yk)) {
        s[newest] = sk;
        y[newest] = yk;
        rho[newest] = 1 / sy;
        stored = Math.min(stored + 1, m);
      } else {
        newest = (newest - 1 + m) % m; // skip a pair without positive curvature
      }
      x = ls.x;
      g = ls.g;
      fx = ls.f;
      k++;
    }
  }

  /** -H g by the two-loop recursion over the stored pairs, newest first. */
  private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored, int newest, int m) {
    double[] q = g.clone();
    double[] a = new double[m];
    for (int j = 0; j < stored; j++) {
      int i = (newest - j + m) % m;
      a[i] = rho[i] * dot(s[i], q);
      axpy(-a[i], y[i], q);
    }
    if (stored > 0) {
      double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      for (int i = 0; i < q.length; i++) q[i] *= gamma;
    }
    for (int j = stored - 1; j >= 0; j--) {
      int i = (newest - j + m) % m;
      double b = rho[i] * dot(y[i], q);
      axpy(a[i] - b, s[i], q);
    }
    for (int i = 0; i < q.length; i++) q[i] = -q[i];
    return q;
  }

  /** A point along d satisfying the strong Wolfe conditions, or null. */
  private record LineSearch(double[] x, double f, double[] g) {}

  private LineSearch lineSearch(double[] x, double f0, double[] g0, double[] d, double slope0, double alpha1) {
    double prevAlpha = 0;
    double prevF = f0;
    double prevSlope = slope0;
    double alpha = alpha1;
    for (int i = 0; i < MAX_LINE_SEARCH; i++) {
      Point p = at(x, d, alpha);
      if (!(p.f <= f0 + C1 * alpha * slope0) || (i > 0 && p.f >= prevF)) {  // NaN counts as too far
        return zoom(x, f0, slope0, d, prevAlpha, prevF, prevSlope, alpha, p.f, p.slope);
      }
      if (Math.abs(p.slope) <= -C2 * slope0) {
        return new LineSearch(p.x, p.f, p.g);
      }
      if (p.slope >= 0) {
        return zoom(x, f0, slope0, d, alpha, p.f, p.slope, prevAlpha, prevF, prevSlope);
      }
      prevAlpha = alpha;
      prevF = p.f;
      prevSlope = p.slope;
      alpha *= 2;
    }
    return null;
  }

  private LineSearch zoom(double[] x, double f0, double slope0, double[] d,
      double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi) {
    for (int i = 0; i < MAX_LINE_SEARCH; i++) {
      double alpha = cubicMinimizer(lo, fLo, slopeLo, hi, fHi, slopeHi);
      Point p = at(x, d, alpha);
      if (!(p.f <= f0 + C1 * alpha * slope0) || p.f >= fLo) {
        hi = alpha;
        fHi = p.f;
        slopeHi = p.slope;
      } else {
        if (Math.abs(p.slope) <= -C2 * slope0) {
          return new LineSearch(p.x, p.f, p.g);
        }
        if (p.slope * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          slopeHi = slopeLo;
        }
        lo = alpha;
        fLo = p.f;
        slopeLo = p.slope;
      }
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) {
        break;
      }
    }
    // the interval collapsed: accept lo if it decreased f at all (precision limit), else fail
    if (lo > 0 && fLo < f0) {
      Point p = at(x, d, lo);
      return new LineSearch(p.x, p.f, p.g);
    }
    return null;
  }

  /** The minimiser of the cubic through both ends (values and slopes), kept inside the interval. */
  private static double cubicMinimizer(double a, double fa, double ga, double b, double fb, double gb) {
    double d1 = ga + gb - 3 * (fa - fb) / (a - b);
    double disc = d1 * d1 - ga * gb;
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    if (disc >= 0) {
      double d2 = Math.signum(b - a) * Math.sqrt(disc);
      double t = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
      double margin = 0.1 * (hi - lo);
      if (Double.isFinite(t) && t >= lo + margin && t <= hi - margin) {
        return t;
      }
    }
    return (lo + hi) / 2;
  }

  private record Point(double[] x, double f, double[] g, double slope) {}

  private Point at(double[] x, double[] d, double alpha) {
    double[] xn = x.clone();
    axpy(alpha, d, xn);
    double[] g = new double[x.length];
    double fx = eval(xn, g);
    return new Point(xn, fx, g, dot(g, d));
  }

  private double eval(double[] x, double[] g) {
    evaluations++;
    return f.evaluate(x, g);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
  }
}
