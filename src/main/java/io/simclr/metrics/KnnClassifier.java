package io.simclr.metrics;

import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Weighted kNN on cosine similarity as in the SimCLR reimplementations (InstDisc-style): each of
 * the k nearest training features votes for its class with weight exp(similarity / T).
 */
public final class KnnClassifier {
  public static final double TEMPERATURE = 0.1;
  private static final int CHUNK = 512;

  private KnnClassifier() {}

  /** Class scores for each test row. */
  public static float[][] scores(float[][] train, int[] trainLabels, float[][] test, int classes, int k) {
    int n = train.length;
    int d = train[0].length;
    int kk = Math.min(k, n);
    float[] bank = normalizedFlat(train);
    float[][] out = new float[test.length][classes];
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var bankIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, d)));
      var bankVar = tf.variable(Shape.of(n, d), TFloat32.class);
      var load = tf.assign(bankVar, bankIn);
      var q = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
      var sims = tf.linalg.matMul(q, bankVar, MatMul.transposeB(true));
      var top = tf.nn.topK(sims, tf.constant(kk), TInt32.class);
      try (TFloat32 b = TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(bank, true, false))) {
        s.runner().feed(bankIn, b).addTarget(load).run().close();
      }
      for (int from = 0; from < test.length; from += CHUNK) {
        int m = Math.min(CHUNK, test.length - from);
        float[][] part = Arrays.copyOfRange(test, from, from + m);
        try (TFloat32 qt = TFloat32.tensorOf(Shape.of(m, d), DataBuffers.of(normalizedFlat(part), true, false));
            Result r = s.runner().feed(q, qt).fetch(top.values()).fetch(top.indices()).run()) {
          float[] vals = new float[m * kk];
          int[] idx = new int[m * kk];
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(vals, false, false));
          ((TInt32) r.get(1)).copyTo(DataBuffers.of(idx, false, false));
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < kk; j++) {
              out[from + i][trainLabels[idx[i * kk + j]]] += (float) Math.exp(vals[i * kk + j] / TEMPERATURE);
            }
          }
        }
      }
    }
    return out;
  }

  private static float[] normalizedFlat(float[][] x) {
    int d = x[0].length;
    float[] out = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      double norm = 0;
      for (float v : x[i]) norm += v * v;
      float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
      for (int j = 0; j < d; j++) out[i * d + j] = x[i][j] * inv;
    }
    return out;
  }
}
