package io.simclr.collective;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.collective.CollectiveGather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TensorFlow's collective ops between the workers of a cluster (all-gather and all-reduce, as
 * MultiWorkerMirroredStrategy uses them), with the gradients TensorFlow does not register for
 * them. Every worker builds the same graph, so the n-th collective gets the same instance key on
 * every worker; the key is part of the op's name, where the gradient finds it.
 *
 * <p>Gradients, for a loss that every worker computes identically from gathered tensors: a
 * gather's input gets this worker's rows of the output's gradient; an all-reduce's input gets the
 * all-reduce of the output's gradients (each worker's covers only its own part of the batch).
 */
public final class Collectives implements CrossWorker {
  private static final int GROUP_KEY = 1;
  /** Gradient collectives' instance keys: the forward key plus this. */
  private static final int GRADIENT_KEYS = 1 << 20;
  private static final Pattern KEY = Pattern.compile("cw_(?:sum|gather)_(\\d+)_t(\\d+)$");
  private static boolean gradientsRegistered;
  /** The gradient collectives' timeout: this process's cluster's (one per process). */
  private static volatile float gradientTimeout;

  /**
   * The options of every run that meets the other workers: one collective graph key for all of
   * them, so the step-id sequence the master asks the group leader for is fetched once, by the
   * start-up agreement (under {@link Watchdog}), and not again by the first training step, where a
   * leader lost at that moment would leave the master retrying forever.
   */
  public static final org.tensorflow.proto.RunOptions RUN_OPTIONS = org.tensorflow.proto.RunOptions.newBuilder()
      .setExperimental(org.tensorflow.proto.RunOptions.Experimental.newBuilder().setCollectiveGraphKey(1)).build();

  private final int task;
  private final int size;
  private final int timeoutSeconds;
  private int nextKey = 1;

  /**
   * @param task this worker's index in [0, size)
   * @param timeoutSeconds how long a collective waits for the other workers
   */
  public Collectives(int task, int size, int timeoutSeconds) {
    this.task = task;
    this.size = size;
    this.timeoutSeconds = timeoutSeconds;
    gradientTimeout = timeoutSeconds;
    registerGradients();
  }

  /** This worker's index. */
  public int task() {
    return task;
  }

  @Override
  public int count() {
    return size;
  }

  @Override
  public Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x) {
    int key = key();
    return reduce(tf, x, "Add", "cw_sum_" + key + "_t" + task, key);
  }

  /** Every worker's {@code x} [n, ...] stacked in task order [W n, ...]. */
  public Operand<TFloat32> gather(Ops tf, Operand<TFloat32> x) {
    int key = key();
    return tf.withName("cw_gather_" + key + "_t" + task).collective.collectiveGather(x,
        tf.constant(size), tf.constant(GROUP_KEY), tf.constant(key), List.of(),
        CollectiveGather.timeoutSeconds((float) timeoutSeconds));
  }

  /** The element-wise maximum of {@code x} over the workers (no gradient). */
  public Operand<TFloat32> max(Ops tf, Operand<TFloat32> x) {
    int key = key();
    return reduce(tf, x, "Max", "cw_max_" + key, key);
  }

  private int key() {
    if (nextKey >= GRADIENT_KEYS) {
      throw new IllegalStateException("too many collectives in one graph");
    }
    return nextKey++;
  }

  /** CollectiveReduceV2 (TensorFlow Java wraps only V3, which needs a communicator resource). */
  private static Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, String mergeOp, String name, float timeout,
      Operand<?> groupSize, Operand<?> groupKey, Operand<?> instanceKey) {
    ExecutionEnvironment env = tf.scope().env();
    Output<TFloat32> out = env.opBuilder("CollectiveReduceV2", tf.scope().makeOpName(name), tf.scope())
        .addInput(x.asOutput()).addInput(groupSize.asOutput()).addInput(groupKey.asOutput())
        .addInput(instanceKey.asOutput()).addInputList(new Output<?>[0])
        .setAttr("merge_op", mergeOp).setAttr("final_op", "Id").setAttr("timeout_seconds", timeout)
        .build().output(0);
    return out;
  }

  private Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, String mergeOp, String name, int key) {
    return reduce(tf, x, mergeOp, name, timeoutSeconds, tf.constant(size), tf.constant(GROUP_KEY),
        tf.constant(key));
  }

  @SuppressWarnings("unchecked")
  private static synchronized void registerGradients() {
    if (gradientsRegistered) {
      return;
    }
    TensorFlow.registerCustomGradient("CollectiveReduceV2", (tf, op, grads) -> {
      Matcher m = key(op);
      Operand<TFloat32> g = reduce(tf, (Operand<TFloat32>) grads.get(0), "Add",
          "cw_sum_" + (Integer.parseInt(m.group(1)) + GRADIENT_KEYS) + "_t" + m.group(2), gradientTimeout,
          op.input(1), op.input(2), tf.constant(Integer.parseInt(m.group(1)) + GRADIENT_KEYS));
      return withZeros(tf, op, g);
    });
    TensorFlow.registerCustomGradient("CollectiveGatherV2", (tf, op, grads) -> {
      // no shape queries here: TensorFlow holds the graph's lock while it builds gradients
      int task = Integer.parseInt(key(op).group(2));
      Operand<TInt32> shape = tf.shape(op.input(0));
      Operand<TInt32> rows = tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1}));
      Operand<TInt32> begin = tf.concat(List.of(tf.math.mul(rows, tf.constant(task)),
          tf.zerosLike(tf.slice(shape, tf.constant(new int[] {1}), tf.constant(new int[] {-1})))), tf.constant(0));
      return withZeros(tf, op, tf.slice((Operand<TFloat32>) grads.get(0), begin, shape));
    });
    gradientsRegistered = true;
  }

  private static Matcher key(GraphOperation op) {
    Matcher m = KEY.matcher(op.name());
    if (!m.find()) {
      throw new IllegalStateException(op.name() + ": a collective without a key in its name has no gradient");
    }
    return m;
  }

  /** The input's gradient, and zeros for the integer inputs (keys, group size), never null. */
  private static List<Operand<?>> withZeros(Ops tf, GraphOperation op, Operand<TFloat32> g) {
    List<Operand<?>> out = new ArrayList<>();
    out.add(g);
    for (int i = 1; i < op.numInputs(); i++) {
      out.add(tf.zerosLike(op.input(i)));
    }
    return out;
  }

}
