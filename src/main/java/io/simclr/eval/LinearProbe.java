package io.simclr.eval;

import io.simclr.model.Params;
import io.simclr.optim.Optimizer;
import io.simclr.optim.OptimizerConfig;
import io.simclr.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Multinomial logistic regression on frozen features, trained in TensorFlow: features
 * standardised with the training mean and std, softmax cross entropy plus L2 on the weights,
 * full-batch Adam for a fixed number of steps (deterministic, and converged for these sizes).
 */
public final class LinearProbe {
  /** Optimisation settings, reported with every result. */
  public record Settings(int steps, double learningRate, double l2) {}

  /** The fitted classifier, including its standardisation. */
  public record Model(float[] mean, float[] std, float[] weights, float[] bias, int dim, int classes, double finalLoss) {
    /** Class scores (logits) for each row. */
    public float[][] scores(float[][] x) {
      float[][] out = new float[x.length][classes];
      for (int i = 0; i < x.length; i++) {
        float[] row = out[i];
        System.arraycopy(bias, 0, row, 0, classes);
        for (int d = 0; d < dim; d++) {
          float v = (x[i][d] - mean[d]) / std[d];
          if (v == 0) {
            continue;
          }
          int base = d * classes;
          for (int k = 0; k < classes; k++) {
            row[k] += v * weights[base + k];
          }
        }
      }
      return out;
    }
  }

  private LinearProbe() {}

  public static Model train(float[][] x, int[] y, int classes, Settings s) {
    int n = x.length;
    int d = x[0].length;
    float[] mean = new float[d];
    float[] std = new float[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) mean[j] += row[j] / n;
    }
    for (float[] row : x) {
      for (int j = 0; j < d; j++) std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
    }
    for (int j = 0; j < d; j++) {
      // Constant features carry nothing; std 1 keeps them at 0 after centring.
      std[j] = std[j] > 1e-12f ? (float) Math.sqrt(std[j]) : 1f;
    }
    float[] flat = new float[n * d];
    float[] onehot = new float[n * classes];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) flat[i * d + j] = (x[i][j] - mean[j]) / std[j];
      onehot[i * classes + y[i]] = 1f;
    }
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 0);
      var xIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, d)));
      var yIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, classes)));
      Variable<TFloat32> xs = p.state("probe.x", Shape.of(n, d), 0f);
      Variable<TFloat32> ys = p.state("probe.y", Shape.of(n, classes), 0f);
      Op load = tf.withControlDependencies(List.of(tf.assign(xs, xIn), tf.assign(ys, yIn))).noOp();
      var w = p.constant("probe.w", Shape.of(d, classes), 0f, Params.Kind.WEIGHT);
      var b = p.constant("probe.b", Shape.of(classes), 0f, Params.Kind.BIAS);
      // Identity snapshots: gradient code must not see ref-typed edges (TF_AddGradients crashes).
      var logits = tf.nn.biasAdd(tf.linalg.matMul(tf.identity(xs), w), b);
      var labels = tf.stopGradient(tf.identity(ys));
      var ce = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
      var loss = tf.math.add(ce, tf.math.mul(tf.constant((float) (s.l2() / 2)),
          tf.reduceSum(tf.math.square(tf.identity(w)), tf.constant(new int[] {0, 1}))));
      var step = p.stepCounter("probe.step");
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {w.asOutput(), b.asOutput()});
      List<Op> updates = new ArrayList<>(Optimizers.apply(p, OptimizerConfig.defaults().withKind(Optimizer.ADAM).withWeightDecay(0),
          p.trainables(), grads, tf.constant((float) s.learningRate()), step));
      Op train = tf.withControlDependencies(updates).assignAdd(step, tf.constant(1L));
      session.initialize();
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(flat, true, false));
          TFloat32 yt = TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(onehot, true, false))) {
        session.runner().feed(xIn, xt).feed(yIn, yt).addTarget(load).run().close();
      }
      for (int i = 0; i < s.steps(); i++) {
        session.run(train);
      }
      try (Result r = session.runner().fetch(w).fetch(b).fetch(loss).run()) {
        float[] wv = new float[d * classes];
        float[] bv = new float[classes];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(wv, false, false));
        ((TFloat32) r.get(1)).copyTo(DataBuffers.of(bv, false, false));
        return new Model(mean, std, wv, bv, d, classes, ((TFloat32) r.get(2)).getFloat());
      }
    }
  }
}
