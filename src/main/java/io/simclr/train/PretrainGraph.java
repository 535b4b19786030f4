package io.simclr.train;

import io.simclr.augment.Augmenter;
import io.simclr.augment.StepRandom;
import io.simclr.loss.NtXent;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.Optimizers;
import io.simclr.run.Metric;
import io.simclr.run.Recipe;
import io.simclr.run.Seeds;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The SimCLR training graph: uint8 batch -> two augmented views -> encoder -> head -> NT-Xent ->
 * gradients -> optimizer and batch-norm updates -> step + 1. Graph construction only; the
 * session loop lives in {@link TrainingLoop}.
 */
public final class PretrainGraph implements TrainingGraph {
  private final Graph graph;
  private final Op trainStep;
  private final Variable<TInt64> step;
  private final Map<Metric, Operand<TFloat32>> metrics = new LinkedHashMap<>();
  /** The augmented views [2B, H, W, C] (benchmarks time them alone). */
  public final Operand<TFloat32> views;
  public final Params params;

  /**
   * @param device CPU or GPU (resolved); with GPU every op is pinned to GPU:0
   * @param input where the batch comes from; its graph side is built here
   */
  public PretrainGraph(Recipe r, LearningRateSchedule schedule, Device device, BatchInput input) {
    graph = new Graph();
    ModelConfig m = r.model();
    Ops tf = Ops.create(graph);
    if (device == Device.GPU) {
      tf = tf.withDevice(Devices.GPU0);
    }
    params = Params.initialized(tf, Seeds.parameters(r.seed()));
    int b = r.batchSize();
    Operand<TUint8> batch = input.build(tf);
    step = params.stepCounter("global_step");
    StepRandom rnd = new StepRandom(tf, Seeds.augmentation(r.seed()), step);
    // name scopes only label ops for profiles (bench); variables keep their flat names
    views = Augmenter.twoViews(tf.withSubScope("augment"), rnd, r.augment(), batch, b, m.image());
    Operand<TFloat32> h = m.encode(params, views, Mode.TRAINING);
    Operand<TFloat32> z = m.project(params, h, Mode.TRAINING);
    NtXent.Outputs out = NtXent.build(tf.withSubScope("loss"), z, b, (float) r.temperature());
    Operand<TFloat32> learningRate = schedule.build(tf, step);
    metrics.put(Metric.LOSS, out.loss());
    metrics.put(Metric.CONTRASTIVE_ACCURACY, out.accuracy());
    metrics.put(Metric.ENTROPY, out.entropy());
    metrics.put(Metric.LEARNING_RATE, learningRate);

    List<Params.Trainable> vars = params.trainables();
    Output<?>[] xs = new Output<?>[vars.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = vars.get(i).variable().asOutput();
    }
    Output<?>[] grads = graph.addGradients(out.loss().asOutput(), xs);
    // Variables are ref-typed: an update must not run while a backward op may still read the
    // old weights, so every update waits for every gradient.
    Ops afterGrads = tf.withControlDependencyOps(Arrays.stream(grads).map(Output::op).toList());
    Output<?>[] gated = new Output<?>[grads.length];
    for (int i = 0; i < grads.length; i++) {
      gated[i] = afterGrads.identity(grads[i]).asOutput();
    }
    List<Op> updates = new ArrayList<>(
        Optimizers.apply(tf.withSubScope("update"), params, r.optimizer(), vars, gated, learningRate, step));
    updates.addAll(params.updates());
    trainStep = tf.withControlDependencies(updates).withName("train_step").assignAdd(step, tf.constant(1L));
  }

  @Override
  public Graph graph() {
    return graph;
  }

  @Override
  public Op trainStep() {
    return trainStep;
  }

  @Override
  public Variable<TInt64> step() {
    return step;
  }

  @Override
  public Map<Metric, Operand<TFloat32>> metrics() {
    return metrics;
  }
}
