package io.simclr.optim;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.model.Params;
import io.simclr.testing.Tf;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

class OptimizersTest {
  @Test
  void scheduleInGraphMatchesJava() {
    LearningRateSchedule sch = new LearningRateSchedule(0.8, 10, 100);
    assertEquals(0.08, sch.valueAt(0), 1e-12);
    assertEquals(0.8, sch.valueAt(9), 1e-12);
    assertEquals(0.8, sch.valueAt(10), 1e-12);
    assertEquals(0.4, sch.valueAt(55), 1e-12);
    assertEquals(0.0, sch.valueAt(100), 1e-12);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      for (long step : new long[] {0, 3, 9, 10, 37, 55, 99, 100, 150}) {
        assertEquals(sch.valueAt(step), Tf.fetch(s, sch.build(tf, tf.constant(step)))[0], 1e-6, "step " + step);
      }
    }
    assertEquals(0.2 * 16, LrScaling.SQRT.apply(0.2, 256), 1e-12);
    assertEquals(0.3 * 2, LrScaling.LINEAR.apply(0.3, 512), 1e-12);
    assertEquals(0.3, LrScaling.NONE.apply(0.3, 512), 1e-12);
  }

  /** Two LARS steps on w = [3, 4] (a weight) and b = [1, -1] (a bias), checked by hand. */
  @Test
  void larsStepsMatchHandComputation() {
    double lr = 0.5, mom = 0.9, wd = 0.01, eta = 0.001;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 0);
      var w = p.constant("w", Shape.of(2), 0f, Params.Kind.WEIGHT);
      var b = p.constant("b", Shape.of(2), 0f, Params.Kind.BIAS);
      Op setW = tf.assign(w, tf.constant(new float[] {3f, 4f}));
      Op setB = tf.assign(b, tf.constant(new float[] {1f, -1f}));
      // loss = sum(w * [1, 2]) + sum(b * [2, 0]) so dL/dw = [1, 2], dL/db = [2, 0]
      var loss = tf.math.add(tf.reduceSum(tf.math.mul(w, tf.constant(new float[] {1f, 2f})), tf.constant(0)),
          tf.reduceSum(tf.math.mul(b, tf.constant(new float[] {2f, 0f})), tf.constant(0)));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {w.asOutput(), b.asOutput()});
      List<Op> ops = Optimizers.apply(tf, p, OptimizerConfig.defaults().withMomentum(mom).withWeightDecay(wd).withTrustCoefficient(eta), p.trainables(), grads,
          tf.constant((float) lr), tf.constant(0L));
      Op step = tf.withControlDependencies(ops).noOp();
      s.initialize();
      s.run(setW);
      s.run(setB);
      double[] wj = {3, 4}, vw = {0, 0}, bj = {1, -1}, vb = {0, 0};
      for (int it = 0; it < 2; it++) {
        s.run(step);
        double[] gw = {1 + wd * wj[0], 2 + wd * wj[1]};
        double trust = eta * Math.hypot(wj[0], wj[1]) / Math.hypot(gw[0], gw[1]);
        for (int i = 0; i < 2; i++) {
          vw[i] = mom * vw[i] + lr * trust * gw[i];
          wj[i] -= vw[i];
          double gb = i == 0 ? 2 : 0; // biases: no decay, no adaptation
          vb[i] = mom * vb[i] + lr * gb;
          bj[i] -= vb[i];
        }
        float[] wt = Tf.fetch(s, w);
        float[] bt = Tf.fetch(s, b);
        for (int i = 0; i < 2; i++) {
          assertEquals(wj[i], wt[i], 1e-5, "w after step " + (it + 1));
          assertEquals(bj[i], bt[i], 1e-5, "b after step " + (it + 1));
        }
      }
    }
  }

  @Test
  void adamFirstStepMovesByLearningRate() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 0);
      var w = p.constant("w", Shape.of(2), 1f, Params.Kind.BIAS);
      var loss = tf.reduceSum(tf.math.mul(w, tf.constant(new float[] {3f, -0.5f})), tf.constant(0));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {w.asOutput()});
      List<Op> ops = Optimizers.apply(tf, p, OptimizerConfig.defaults().withKind(Optimizer.ADAM).withWeightDecay(0), p.trainables(), grads,
          tf.constant(0.1f), tf.constant(0L));
      s.initialize();
      ops.forEach(s::run);
      // Adam's bias-corrected first step is lr * sign(g) (up to epsilon)
      assertArrayEquals(new float[] {0.9f, 1.1f}, Tf.fetch(s, w), 1e-5f);
    }
  }
}
