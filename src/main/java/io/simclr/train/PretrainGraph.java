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
  /** The uint8 batch fed each step, or (with data on device) the batch's image indices. */
  public final Placeholder<TUint8> images;
  public final Placeholder<org.tensorflow.types.TInt32> batchIndices;
  /** With data on device: feeds the whole training set once into {@link #dataset}. */
  public final Placeholder<TUint8> datasetFeed;
  public final Op loadDataset;
  public final Op trainStep;
  public final Operand<TFloat32> loss;
  public final Operand<TFloat32> accuracy;
  public final Operand<TFloat32> entropy;
  public final Operand<TFloat32> learningRate;
  public final Operand<TFloat32> views;
  public final Variable<TInt64> step;
  public final Params params;

  /**
   * @param device "cpu" or "gpu" (resolved); with gpu every op is pinned to GPU:0
   * @param datasetSize images kept resident in the graph, or 0 to feed each batch
   */
  public PretrainGraph(PretrainConfig c, LearningRateSchedule schedule, String device, int datasetSize) {
    graph = new Graph();
    ModelConfig m = c.model();
    Ops tf = Ops.create(graph);
    if (device.equals("gpu")) {
      tf = tf.withDevice(Devices.GPU0);
    }
    params = Params.initialized(tf, c.seed());
    int b = c.batchSize();
    Operand<TUint8> batch;
    if (datasetSize > 0) {
      // The whole training set lives in a variable; a step only sends B indices.
      Shape all = Shape.of(datasetSize, m.height(), m.width(), m.channels());
      datasetFeed = tf.withName("dataset_feed").placeholder(TUint8.class, Placeholder.shape(all));
      var dataset = tf.withName("dataset").variable(all, TUint8.class);
      loadDataset = tf.assign(dataset, datasetFeed);
      batchIndices = tf.withName("batch_indices").placeholder(org.tensorflow.types.TInt32.class,
          Placeholder.shape(Shape.of(b)));
      images = null;
      batch = tf.gather(dataset, batchIndices, tf.constant(0));
    } else {
      datasetFeed = null;
      loadDataset = null;
      batchIndices = null;
      images = tf.withName("images").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(b, m.height(), m.width(), m.channels())));
      batch = images;
    }
    step = params.stepCounter("global_step");
    StepRandom rnd = new StepRandom(tf, c.seed(), step);
    views = Augmenter.twoViews(tf, rnd, c.augment(), batch, b, m.height(), m.width(), m.channels());
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
