package io.simclr.eval;

import io.simclr.runtime.SessionConfigs;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The data term of multinomial logistic regression on fixed features, computed by TensorFlow in
 * float64: the mean softmax cross-entropy of (X W + b) and its gradient in the parameters
 * theta = [W (d x k, row-major), b (k)]. The features are uploaded once; each evaluation feeds
 * only theta. The penalty is {@link RidgeObjective}'s.
 */
final class SoftmaxObjective implements Lbfgs.Objective, AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat64> theta;
  private final Operand<TFloat64> loss;
  private final Operand<TFloat64> gradient;
  private final int dim;
  private final int classes;

  /** @param xFlat standardised features [n][d], row after row; @param y labels in [0, classes) */
  SoftmaxObjective(double[] xFlat, int n, int d, int[] y, int classes) {
    this.dim = d;
    this.classes = classes;
    Ops tf = Ops.create(graph);
    var xIn = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(n, d)));
    var yIn = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(n)));
    Variable<TFloat64> xs = tf.withName("probe_x").variable(Shape.of(n, d), TFloat64.class);
    Variable<TFloat64> ys = tf.withName("probe_y").variable(Shape.of(n, classes), TFloat64.class);
    Op load = tf.withControlDependencies(List.of(tf.assign(xs, xIn),
        tf.assign(ys, tf.oneHot(yIn, tf.constant(classes), tf.constant(1.0), tf.constant(0.0))))).noOp();
    theta = tf.withName("theta").placeholder(TFloat64.class, Placeholder.shape(Shape.of((long) d * classes + classes)));
    Operand<TFloat64> w = tf.reshape(tf.slice(theta, tf.constant(new int[] {0}), tf.constant(new int[] {d * classes})),
        tf.constant(new int[] {d, classes}));
    Operand<TFloat64> b = tf.slice(theta, tf.constant(new int[] {d * classes}), tf.constant(new int[] {classes}));
    // identity reads: the gradient code must not walk ref-typed variable edges
    Operand<TFloat64> logits = tf.nn.biasAdd(tf.linalg.matMul(tf.identity(xs), w), b);
    var ce = tf.nn.softmaxCrossEntropyWithLogits(logits, tf.identity(ys));
    Operand<TFloat64> invN = tf.constant(1.0 / n);
    loss = tf.math.mul(tf.reduceSum(ce.loss(), tf.constant(0)), invN);
    // The gradient in closed form: d loss / d logits = (softmax - onehot) / n, which the op returns as
    // its backprop output; then dW = X' dlogits, db = column sums. (TensorFlow's C++ gradient of
    // this graph cannot be built in float64: it mixes in a float32 constant.)
    Operand<TFloat64> dLogits = tf.math.mul(ce.backprop(), invN);
    Operand<TFloat64> dW = tf.linalg.matMul(tf.identity(xs), dLogits, MatMul.transposeA(true));
    Operand<TFloat64> db = tf.reduceSum(dLogits, tf.constant(0));
    gradient = tf.concat(List.of(tf.reshape(dW, tf.constant(new int[] {-1})), db), tf.constant(0));
    session = new Session(graph, SessionConfigs.threads(0, 0));
    try (TFloat64 xt = TFloat64.tensorOf(Shape.of(n, d), DataBuffers.of(xFlat, true, false));
        TInt32 yt = TInt32.vectorOf(y)) {
      session.runner().feed(xIn, xt).feed(yIn, yt).addTarget(load).run().close();
    }
  }

  int parameters() {
    return dim * classes + classes;
  }

  @Override
  public double evaluate(double[] x, double[] g) {
    try (TFloat64 t = TFloat64.vectorOf(x); Result r = session.runner().feed(theta, t).fetch(loss).fetch(gradient).run()) {
      ((TFloat64) r.get(1)).copyTo(DataBuffers.of(g, false, false));
      return ((TFloat64) r.get(0)).getDouble();
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
