package io.simclr.train;

import io.simclr.augment.Augmenter;
import io.simclr.augment.StepRandom;
import io.simclr.loss.NtXent;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The SimCLR training graph: uint8 batch -> two augmented views -> encoder -> head -> NT-Xent ->
 * gradients -> optimizer and batch-norm updates -> step + 1. Graph construction only; the
 * session loop lives in {@link Pretrainer}.
 */
public final class PretrainGraph {
  public final Graph graph;
  public final Placeholder<TUint8> images;
  public final Op trainStep;
  public final Operand<TFloat32> loss;
  public final Operand<TFloat32> accuracy;
  public final Operand<TFloat32> entropy;
  public final Operand<TFloat32> learningRate;
  public final Operand<TFloat32> views;
  public final Variable<TInt64> step;
  public final Params params;

  public PretrainGraph(PretrainConfig c, LearningRateSchedule schedule) {
    graph = new Graph();
    ModelConfig m = c.model();
    Ops tf = Ops.create(graph);
    if (c.device().equals("gpu")) {
      tf = tf.withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
    }
    params = Params.initialized(tf, c.seed());
    int b = c.batchSize();
    images = tf.withName("images").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(b, m.height(), m.width(), m.channels())));
    step = params.stepCounter("global_step");
    StepRandom rnd = new StepRandom(tf, c.seed(), step);
    views = Augmenter.twoViews(tf, rnd, c.augment(), images, b, m.height(), m.width(), m.channels());
    Operand<TFloat32> h = m.encode(params, views, true);
    Operand<TFloat32> z = m.project(params, h, true);
    NtXent.Outputs out = NtXent.build(tf, z, b, (float) c.temperature());
    loss = out.loss();
    accuracy = out.accuracy();
    entropy = out.entropy();
    learningRate = schedule.build(tf, step);

    List<Params.Trainable> vars = params.trainables();
    Output<?>[] xs = new Output<?>[vars.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = vars.get(i).variable().asOutput();
    }
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    // Variables are ref-typed: an update must not run while a backward op may still read the
    // old weights, so every update waits for every gradient.
    Ops afterGrads = tf.withControlDependencyOps(
        java.util.Arrays.stream(grads).map(Output::op).toList());
    Output<?>[] gated = new Output<?>[grads.length];
    for (int i = 0; i < grads.length; i++) {
      gated[i] = afterGrads.identity(grads[i]).asOutput();
    }
    List<Op> updates = new ArrayList<>(Optimizers.apply(params, c.optimizer(), vars, gated, learningRate, step));
    updates.addAll(params.updates());
    trainStep = tf.withControlDependencies(updates).withName("train_step").assignAdd(step, tf.constant(1L));
  }
}
