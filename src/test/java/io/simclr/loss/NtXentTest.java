package io.simclr.loss;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.testing.Tf;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class NtXentTest {
  static final int N = 4;
  static final int D = 5;
  static final float TAU = 0.3f;

  /** Plain double-precision NT-Xent straight from the paper's definition. */
  static double[] reference(double[][] z, double tau) {
    int m = z.length;
    int n = m / 2;
    double[][] u = new double[m][];
    for (int i = 0; i < m; i++) {
      double norm = 0;
      for (double v : z[i]) norm += v * v;
      norm = Math.sqrt(norm);
      u[i] = new double[z[i].length];
      for (int k = 0; k < z[i].length; k++) u[i][k] = z[i][k] / norm;
    }
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < m; i++) {
      int pos = i < n ? i + n : i - n;
      double denom = 0;
      double best = Double.NEGATIVE_INFINITY;
      int arg = -1;
      for (int j = 0; j < m; j++) {
        if (j == i) continue;
        double s = 0;
        for (int k = 0; k < u[i].length; k++) s += u[i][k] * u[j][k];
        s /= tau;
        denom += Math.exp(s);
        if (s > best) { best = s; arg = j; }
      }
      double sp = 0;
      for (int k = 0; k < u[i].length; k++) sp += u[i][k] * u[pos][k];
      loss += -(sp / tau - Math.log(denom));
      if (arg == pos) correct++;
    }
    return new double[] {loss / m, (double) correct / m};
  }

  static float[] randomZ(long seed) {
    Random r = new Random(seed);
    float[] z = new float[2 * N * D];
    for (int i = 0; i < z.length; i++) z[i] = (float) r.nextGaussian();
    // make some positives closer so accuracy is non-trivial
    for (int i = 0; i < N * D; i += 2) z[N * D + i] = z[i] + 0.1f * z[N * D + i];
    return z;
  }

  static double[][] rows(float[] z) {
    double[][] out = new double[2 * N][D];
    for (int i = 0; i < 2 * N; i++) for (int k = 0; k < D; k++) out[i][k] = z[i * D + k];
    return out;
  }

  @Test
  void matchesDoubleReferenceOnRandomInputs() {
    for (long seed = 1; seed <= 3; seed++) {
      float[] z = randomZ(seed);
      double[] ref = reference(rows(z), TAU);
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        var ph = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2 * N, D)));
        NtXent.Outputs o = NtXent.build(tf, ph, N, TAU);
        try (TFloat32 t = Tf.floats(Shape.of(2 * N, D), z)) {
          assertEquals(ref[0], Tf.fetch(s, o.loss(), ph, t)[0], 1e-4, "loss, seed " + seed);
          assertEquals(ref[1], Tf.fetch(s, o.accuracy(), ph, t)[0], 1e-6, "accuracy, seed " + seed);
        }
      }
    }
  }

  @Test
  void equalProjectionsGiveLogOfTwoNMinusOne() {
    float[] z = new float[2 * N * D];
    Arrays.fill(z, 0.7f);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      NtXent.Outputs o = NtXent.build(tf, tf.constant(Shape.of(2 * N, D), DataBuffers.of(z)), N, 0.1f);
      assertEquals(Math.log(2 * N - 1), Tf.fetch(s, o.loss())[0], 1e-5);
      assertEquals(Math.log(2 * N - 1), Tf.fetch(s, o.entropy())[0], 1e-4);
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesOfReference() {
    float[] z = randomZ(11);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var ph = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2 * N, D)));
      NtXent.Outputs o = NtXent.build(tf, ph, N, TAU);
      Output<?>[] grad = g.addGradients(o.loss().asOutput(), new Output<?>[] {ph.asOutput()});
      float[] analytic;
      try (TFloat32 t = Tf.floats(Shape.of(2 * N, D), z);
          Result r = s.runner().feed(ph, t).fetch(grad[0]).run()) {
        analytic = Tf.toArray((TFloat32) r.get(0));
      }
      double h = 1e-5;
      double[][] base = rows(z);
      for (int i = 0; i < 2 * N; i++) {
        for (int k = 0; k < D; k++) {
          double keep = base[i][k];
          base[i][k] = keep + h;
          double up = reference(base, TAU)[0];
          base[i][k] = keep - h;
          double down = reference(base, TAU)[0];
          base[i][k] = keep;
          double numeric = (up - down) / (2 * h);
          assertEquals(numeric, analytic[i * D + k], 1e-3 + 1e-2 * Math.abs(numeric), "d/dz[" + i + "][" + k + "]");
        }
      }
    }
  }
}
