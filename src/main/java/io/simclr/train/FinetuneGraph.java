package io.simclr.train;

import io.simclr.augment.Augmenter;
import io.simclr.augment.StepRandom;
import io.simclr.collective.CrossWorker;
import io.simclr.config.FinetuneRecipe;
import io.simclr.feed.BatchInput;
import io.simclr.metrics.Metric;
import io.simclr.model.Layers;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.model.ProjectionHead;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.run.Seeds;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Fine-tuning: labelled uint8 batch -> one augmented view (crop, flip) -> encoder (batch norm in
 * training mode) -> optionally the first hidden layers of the projection head -> a linear
 * classifier -> softmax cross-entropy -> gradients -> update. The encoder (and head layers) start
 * from pretrained weights ({@link #warmStart}: RestoreV2 of exactly those variables) or from their
 * seeded initialisers (from scratch).
 */
public final class FinetuneGraph implements TrainingGraph {
  static final double CLASSIFIER_INIT_STD = 0.01;

  private final Graph graph;
  private final Op trainStep;
  private final Variable<TInt64> step;
  private final Map<Metric, Operand<TFloat32>> metrics = new LinkedHashMap<>();
  private final Optional<Op> warmStart;

  /** @param pretrained the variables prefix to start the encoder from; empty from scratch */
  public FinetuneGraph(FinetuneRecipe r, LearningRateSchedule schedule, Device device, BatchInput input,
      int classes, Optional<Path> pretrained) {
    graph = new Graph();
    ModelConfig m = r.model();
    Ops tf = Ops.create(graph);
    if (device == Device.GPU) {
      tf = tf.withDevice(Devices.GPU0);
    }
    Params params = Params.initialized(tf, Seeds.parameters(r.seed()));
    int b = r.batchSize();
    var images = input.build(tf);
    Operand<TInt32> labels = input.labels(tf);
    step = params.stepCounter("global_step");
    StepRandom rnd = new StepRandom(tf, Seeds.augmentation(r.seed()), step);
    Operand<TFloat32> view = Augmenter.oneView(tf.withSubScope("augment"), rnd, r.augment(), images, b, m.image());
    Operand<TFloat32> features = ProjectionHead.hidden(params, m.encode(params, view, Mode.TRAINING), m,
        r.fromHeadLayer(), Mode.TRAINING);
    List<String> encoderVariables = new ArrayList<>(params.variables().keySet());
    Ops placed = tf;
    warmStart = pretrained.map(p -> restore(placed, params, encoderVariables, p));
    int dim = r.fromHeadLayer() == 0 ? m.featureDim() : m.hiddenDim();
    Operand<TFloat32> logits = Layers.denseWithBias(params, FinetuneRecipe.CLASSIFIER, features, dim, classes, CLASSIFIER_INIT_STD);
    Ops lt = tf.withSubScope("loss");
    Classification head = Classification.of(lt, logits, labels, classes);
    Operand<TFloat32> learningRate = schedule.build(tf, step);
    metrics.put(Metric.LOSS, head.loss());
    metrics.put(Metric.ACCURACY, head.accuracy());
    metrics.put(Metric.LEARNING_RATE, learningRate);

    trainStep = TrainStep.build(tf, graph, params, r.optimizer(), head.loss(), learningRate, step, List.of(), CrossWorker.NONE,
        BackwardPass.ONE_DEVICE);
  }

  /** Assigns every encoder (and head-layer) variable its value in the pretrained variables. */
  private static Op restore(Ops tf, Params params, List<String> names, Path prefix) {
    Ops rt = tf.withSubScope("warm_start");
    String[] shapes = new String[names.size()];
    Arrays.fill(shapes, "");
    List<Class<? extends TType>> types = new ArrayList<>();
    names.forEach(n -> types.add(TFloat32.class));
    var restored = rt.train.restore(rt.constant(prefix.toString()), rt.constant(NdArrays.vectorOfObjects(names.toArray(String[]::new))),
        rt.constant(NdArrays.vectorOfObjects(shapes)), types);
    List<Op> assigns = new ArrayList<>();
    Map<String, Variable<TFloat32>> vars = params.variables();
    for (int i = 0; i < names.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) restored.tensors().get(i);
      assigns.add(rt.assign(vars.get(names.get(i)), value));
    }
    return rt.withControlDependencies(assigns).noOp();
  }

  @Override
  public Optional<Op> warmStart() {
    return warmStart;
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
