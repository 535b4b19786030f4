package io.simclr.eval;

import io.simclr.runtime.SessionConfigs;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.types.TFloat64;

/**
 * The principal-component basis of standardised features, fitted on a training set: z = (x -
 * mean) / std, then u = z V diag(1 / sqrt(e)) with V, e the eigenvectors and eigenvalues of z's
 * covariance, i.e. u = (x - mean) P. The u are white (zero mean, identity covariance). Directions
 * whose variance is below {@link #RELATIVE_FLOOR} of the largest carry nothing (dead units,
 * linear dependencies) and are dropped. Mean, covariance and eigendecomposition are computed by
 * TensorFlow in float64.
 *
 * <p>Why: frozen encoder features are strongly correlated (standardised SimCLR features of
 * Fashion-MNIST have a covariance condition number of ~3e4), and L-BFGS on them needs thousands of
 * iterations; on white ones a few hundred.
 *
 * @param mean [d]
 * @param projection P, [d][rank], row-major
 * @param eigenvalues e of the kept directions, [rank]
 */
record Whitening(double[] mean, double[] projection, double[] eigenvalues, int dim, int rank) {
  static final double RELATIVE_FLOOR = 1e-6;

  /** The basis of a training set and the set itself in it, flat [n][rank] row-major. */
  record Fitted(Whitening whitening, double[] x) {}

  static Fitted fit(float[][] x) {
    int n = x.length;
    int d = x[0].length;
    try (Graph g = new Graph(); Session s = new Session(g, SessionConfigs.threads(0, 0))) {
      Ops tf = Ops.create(g);
      var in = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n, d)));
      Operand<TFloat64> mean = tf.math.mean(in, tf.constant(0));
      Operand<TFloat64> centred = tf.math.sub(in, mean);
      Operand<TFloat64> cov = tf.math.div(tf.linalg.matMul(centred, centred, MatMul.transposeA(true)),
          tf.constant((double) n));
      // constant features get std 1: they stay 0 and fall below the floor
      Operand<TFloat64> var = tf.math.mean(tf.math.square(centred), tf.constant(0));
      Operand<TFloat64> std = tf.math.sqrt(tf.select(tf.math.greater(var, tf.constant(1e-24)), var,
          tf.onesLike(var)));
      Operand<TFloat64> corr = tf.math.div(cov, tf.math.mul(tf.expandDims(std, tf.constant(1)),
          tf.expandDims(std, tf.constant(0))));
      SelfAdjointEig<TFloat64> eig = tf.linalg.selfAdjointEig(corr, SelfAdjointEig.computeV(true));
      var proj = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(d, -1)));
      Operand<TFloat64> whitened = tf.linalg.matMul(centred, proj);
      try (TFloat64 xt = TFloat64.tensorOf(Shape.of(n, d), DataBuffers.of(flatten(x), true, false));
          Result r = s.runner().feed(in, xt).fetch(mean).fetch(std).fetch(eig.e()).fetch(eig.v()).run()) {
        double[] mu = read((TFloat64) r.get(0), d);
        double[] sd = read((TFloat64) r.get(1), d);
        double[] e = read((TFloat64) r.get(2), d);
        double[] v = read((TFloat64) r.get(3), d * d);
        double max = 0;
        for (double ev : e) max = Math.max(max, ev);
        int rank = 0;
        for (double ev : e) {
          if (ev > RELATIVE_FLOOR * max) rank++;
        }
        rank = Math.max(rank, 1);
        double[] p = new double[d * rank];
        double[] kept = new double[rank];
        int col = 0;
        for (int j = d - 1; j >= 0 && col < rank; j--) { // eigenvalues ascend: take the largest
          kept[col] = e[j];
          double scale = 1 / Math.sqrt(e[j]);
          for (int i = 0; i < d; i++) p[i * rank + col] = v[i * d + j] * scale / sd[i];
          col++;
        }
        try (TFloat64 pt = TFloat64.tensorOf(Shape.of(d, rank), DataBuffers.of(p, true, false));
            Result w = s.runner().feed(in, xt).feed(proj, pt).fetch(whitened).run()) {
          return new Fitted(new Whitening(mu, p, kept, d, rank), read((TFloat64) w.get(0), n * rank));
        }
      }
    }
  }

  /**
   * Weights on the original features equal to {@code w} [rank][k] in this basis: P w, and the
   * bias that absorbs the mean: b - mean' P w.
   */
  double[][] unwhiten(double[] w, double[] b, int k) {
    double[] eff = new double[dim * k];
    for (int i = 0; i < dim; i++) {
      for (int r = 0; r < rank; r++) {
        double p = projection[i * rank + r];
        if (p == 0) continue;
        for (int c = 0; c < k; c++) eff[i * k + c] += p * w[r * k + c];
      }
    }
    double[] bias = b.clone();
    for (int i = 0; i < dim; i++) {
      for (int c = 0; c < k; c++) bias[c] -= mean[i] * eff[i * k + c];
    }
    return new double[][] {eff, bias};
  }

  private static double[] read(TFloat64 t, int size) {
    double[] out = new double[size];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static double[] flatten(float[][] x) {
    int d = x[0].length;
    double[] out = new double[x.length * d];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < d; j++) out[i * d + j] = x[i][j];
    }
    return out;
  }
}
