package io.simclr.train;

import io.simclr.augment.Augmenter;
import io.simclr.augment.BatchPixels;
import io.simclr.augment.StepRandom;
import io.simclr.collective.Collectives;
import io.simclr.config.Recipe;
import io.simclr.config.Workers;
import io.simclr.feed.BatchInput;
import io.simclr.loss.NtXent;
import io.simclr.metrics.Metric;
import io.simclr.model.Mode;
import io.simclr.model.ModelConfig;
import io.simclr.model.Params;
import io.simclr.model.Replicated;
import io.simclr.optim.LearningRateSchedule;
import io.simclr.optim.Optimizer;
import io.simclr.optim.OptimizerConfig;
import io.simclr.optim.Optimizers;
import io.simclr.run.Seeds;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import io.simclr.util.ImageShape;
import io.simclr.workers.Agreement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
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
  private final Recipe recipe;
  private final Optional<Agreement> agreement;

  /**
   * @param device CPU or GPU (resolved); with GPU every op is pinned to GPU:0
   * @param input where the batch comes from; its graph side is built here
   * @param classes of the training labels (for the online probe)
   */
  public PretrainGraph(Recipe r, LearningRateSchedule schedule, Device device, BatchInput input, int classes) {
    this(r, schedule, device, 1, input, classes);
  }

  /**
   * @param replicas towers (data parallel, one per device: GPU:i, or virtual CPU devices); the
   *     global batch is split between them, the loss computed over all of it, gradients summed
   */
  public PretrainGraph(Recipe r, LearningRateSchedule schedule, Device device, int replicas, BatchInput input,
      int classes) {
    this(r, schedule, device, replicas, Workers.ALONE, input, classes);
  }

  /**
   * @param cluster the processes of a cluster (between-graph replication): every worker builds this
   *     graph and trains its share of the global batch, the same share as tower {@code task} of W
   *     towers, with the same augmentations ({@code input} must then feed that share);
   *     projections are all-gathered for the loss, gradients (and global BN moments) all-reduced
   */
  public PretrainGraph(Recipe r, LearningRateSchedule schedule, Device device, int replicas,
      Workers cluster, BatchInput input, int classes) {
    graph = new Graph();
    Optional<Collectives> workers = cluster.alone() ? Optional.empty()
        : Optional.of(new Collectives(cluster.task(), cluster.size(), cluster.timeoutSeconds()));
    recipe = r;
    ModelConfig m = r.model();
    Ops tf = Ops.create(graph);
    if (device == Device.GPU) {
      tf = tf.withDevice(Devices.GPU0);
    }
    Parallelism split = new Parallelism(tf, Ops.create(graph), device, replicas, workers);
    params = Params.initialized(tf, Seeds.parameters(r.seed()));
    int b = r.batchSize();
    BatchPixels batch = input.build(tf);
    step = params.stepCounter("global_step");
    // a worker augments only its share of the batch, with the whole batch's draws for those images
    StepRandom rnd = split.random(Seeds.augmentation(r.seed()), step, b);
    // name scopes only label ops for profiles (bench); variables keep their flat names
    views = Augmenter.twoViews(tf.withSubScope("augment"), rnd, r.augment(), batch, split.share(b), m.image());
    Replicated.Statistics statistics = r.globalBn() ? Replicated.Statistics.GLOBAL : Replicated.Statistics.PER_REPLICA;
    Replicated hs = m.encode(params, split.split(views, b, statistics), Mode.TRAINING);
    // the loss and the probe see the global batch in its usual order, whoever computed its parts
    Operand<TFloat32> h = split.gather(hs, b);
    Operand<TFloat32> z = split.gather(m.project(params, hs, Mode.TRAINING), b);
    NtXent.Outputs out = NtXent.build(tf.withSubScope("loss"), z, b, (float) r.temperature());
    Operand<TFloat32> learningRate = schedule.build(tf, step);
    metrics.put(Metric.LOSS, out.loss());
    metrics.put(Metric.CONTRASTIVE_ACCURACY, out.accuracy());
    metrics.put(Metric.ENTROPY, out.entropy());
    metrics.put(Metric.LEARNING_RATE, learningRate);

    List<Op> probe = r.onlineProbe() ? onlineProbe(tf, h, split.labels(input), classes, b) : List.of();
    trainStep = TrainStep.build(tf, graph, params, r.optimizer(), out.loss(), learningRate, step, probe,
        split.crossWorker(), split.backwardPass());
    Ops top = tf;
    agreement = workers.map(c -> new Agreement(top, cluster, c, r.hash(), top.dtypes.cast(step, TFloat32.class),
        List.copyOf(params.variables().values())));
  }

  @Override
  public Optional<Agreement> agreement() {
    return agreement;
  }

  /**
   * A linear classifier on the first views' representation, behind StopGradient, trained on the
   * batch's labels with its own Adam: it watches the encoder without changing its gradients (its
   * variables live in their own Params, so the model's initialisation is untouched too).
   *
   * @return its update ops
   */
  private List<Op> onlineProbe(Ops tf, Operand<TFloat32> h, Operand<TInt32> labels, int classes, int b) {
    Ops pt = tf.withSubScope("probe");
    int dim = recipe.model().featureDim();
    Params probe = Params.initialized(tf, 0);
    var w = probe.constant("probe.w", Shape.of(dim, classes), 0f, Params.Kind.WEIGHT);
    var bias = probe.constant("probe.b", Shape.of(classes), 0f, Params.Kind.BIAS);
    Operand<TFloat32> first = pt.stopGradient(pt.slice(h, pt.constant(new int[] {0, 0}), pt.constant(new int[] {b, dim})));
    // identity reads: the gradient code must not walk ref-typed variable edges
    Operand<TFloat32> logits = pt.nn.biasAdd(pt.linalg.matMul(first, pt.identity(w)), pt.identity(bias));
    Classification head = Classification.of(pt, logits, labels, classes);
    metrics.put(Metric.ONLINE_PROBE_ACCURACY, head.accuracy());
    metrics.put(Metric.ONLINE_PROBE_LOSS, head.loss());
    Output<?>[] grads = graph.addGradients(head.loss().asOutput(), new Output<?>[] {w.asOutput(), bias.asOutput()});
    return Optimizers.apply(pt, probe, OptimizerConfig.defaults().withKind(Optimizer.ADAM).withWeightDecay(0),
        probe.trainables(), TrainStep.gated(pt, grads), pt.constant((float) recipe.onlineProbeLr()), step);
  }

  /**
   * Features h and projections z of fed float images [N, H, W, C] in [0, 1], batch norm in
   * inference mode, current weights.
   */
  public record Inference(Placeholder<TFloat32> images, Operand<TFloat32> features, Operand<TFloat32> projections) {}

  /** Builds the inference branch on the training variables (no new variables); call before the session opens. */
  public Inference inference() {
    ImageShape s = recipe.model().image();
    var images = params.tf().withName("monitor_images").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, s.height(), s.width(), s.channels())));
    Operand<TFloat32> h = recipe.model().encode(params, images, Mode.INFERENCE);
    return new Inference(images, h, recipe.model().project(params, h, Mode.INFERENCE));
  }

  /**
   * Projections of two augmented views of each of {@code n} fed uint8 images (the recipe's
   * augmentation, draws from {@code seed} and the fed draw number), stacked [2n, d] view-major;
   * and the singular values of a fed matrix. What the label-free health monitor measures with.
   */
  public record HealthBranch(Placeholder<TUint8> images, Placeholder<TInt64> draw, Operand<TFloat32> viewProjections,
      Placeholder<TFloat32> matrix, Operand<TFloat32> singularValues) {}

  /** Builds the health branch on the training variables; call before the session opens. */
  public HealthBranch healthBranch(int n, long seed) {
    ImageShape s = recipe.model().image();
    Ops tf = params.tf();
    var images = tf.withName("health_images").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(n, s.height(), s.width(), s.channels())));
    var draw = tf.withName("health_draw").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> views = Augmenter.twoViews(tf, new StepRandom(tf, seed, draw), recipe.augment(), images, n, s);
    Operand<TFloat32> z = recipe.model().project(params, recipe.model().encode(params, views, Mode.INFERENCE),
        Mode.INFERENCE);
    var matrix = tf.withName("health_matrix").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
    Operand<TFloat32> singular = tf.linalg.svd(matrix, org.tensorflow.op.linalg.Svd.computeUv(false)).s();
    return new HealthBranch(images, draw, z, matrix, singular);
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
