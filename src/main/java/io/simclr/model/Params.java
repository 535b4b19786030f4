package io.simclr.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Creates and records the model's variables under flat dotted names ({@code enc.s1.b0.conv1.w}),
 * so a training graph and an inference graph built from the same code share checkpoint names.
 *
 * <p>In training mode each variable gets a seeded, stateless initialiser (same seed, same initial
 * weights); in restore mode variables have no initialiser and must be restored from a checkpoint.
 */
public final class Params {
  /** Biases and batch-norm parameters are excluded from weight decay and LARS adaptation. */
  public enum Kind {
    WEIGHT,
    BIAS,
    BATCH_NORM
  }

  /** A trainable variable and what kind of parameter it is. */
  public record Trainable(String name, Variable<TFloat32> variable, Kind kind) {}

  private final Ops tf;
  private final boolean initialize;
  private final long seed;
  private final List<Trainable> trainables = new ArrayList<>();
  private final StepUpdates updates;
  private final Map<String, Variable<TFloat32>> byName = new LinkedHashMap<>();
  /** What each name was created as ("trainable WEIGHT", "state"): a repeat must ask for the same. */
  private final Map<String, String> roleByName = new LinkedHashMap<>();
  private int created;
  private double forwardFlopsPerImage;

  private Params(Ops tf, boolean initialize, long seed) {
    this.tf = tf;
    this.initialize = initialize;
    this.seed = seed;
    this.updates = new StepUpdates(tf);
  }

  /** Variables initialised from {@code seed}. */
  public static Params initialized(Ops tf, long seed) {
    return new Params(tf, true, seed);
  }

  /** Variables without initialisers, to be filled by {@code Session.restore}. */
  public static Params forRestore(Ops tf) {
    return new Params(tf, false, 0);
  }

  public Ops tf() {
    return tf;
  }

  /** Truncated normal, std {@code sqrt(scale / fanIn)} corrected for truncation (as Keras). */
  public Variable<TFloat32> varianceScaling(String name, Shape shape, double scale, long fanIn, Kind kind) {
    double std = Math.sqrt(scale / fanIn) / 0.87962566103423978;
    return trainable(name, shape, kind, truncatedNormal(shape, std));
  }

  public Variable<TFloat32> normal(String name, Shape shape, double std, Kind kind) {
    return trainable(name, shape, kind, () -> tf.math.mul(
        tf.random.statelessRandomNormal(tf.constant(shape), nextSeed()), tf.constant((float) std)));
  }

  public Variable<TFloat32> constant(String name, Shape shape, float value, Kind kind) {
    return trainable(name, shape, kind, () -> fill(shape, value));
  }

  /** A non-trainable float variable (batch-norm moving statistics, optimizer slots). */
  public Variable<TFloat32> state(String name, Shape shape, float value) {
    return variable(name, shape, "state", () -> fill(shape, value));
  }

  /** The int64 step counter that drives schedules and augmentation seeds. */
  public Variable<TInt64> stepCounter(String name) {
    if (!initialize) {
      return tf.withName(name).variable(Shape.scalar(), TInt64.class);
    }
    return tf.withName(name).variable(tf.constant(0L));
  }

  /** The ops the training step must run besides the optimizer's, collected while the model is built. */
  public StepUpdates updates() {
    return updates;
  }

  /** Every float variable made so far (trainable or state), by name, in creation order. */
  public Map<String, Variable<TFloat32>> variables() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  public List<Trainable> trainables() {
    return Collections.unmodifiableList(trainables);
  }

  /** Multiply-adds x 2 of the convolutions and dense layers built so far, per input image. */
  public double forwardFlopsPerImage() {
    return forwardFlopsPerImage;
  }

  void addFlops(double flops) {
    forwardFlopsPerImage += flops;
  }

  public long parameterCount() {
    long n = 0;
    for (Trainable t : trainables) {
      n += t.variable().shape().size();
    }
    return n;
  }

  private Variable<TFloat32> trainable(
      String name, Shape shape, Kind kind, Supplier<Operand<TFloat32>> init) {
    boolean exists = byName.containsKey(name);
    Variable<TFloat32> v = variable(name, shape, "trainable " + kind, init);
    if (!exists) {
      trainables.add(new Trainable(name, v, kind));
    }
    return v;
  }

  /**
   * Building the same layer twice (e.g. for a second signature) reuses its variables; a name asked
   * for again with another shape or role is a bug in the model code, not a reuse.
   */
  private Variable<TFloat32> variable(
      String name, Shape shape, String role, Supplier<Operand<TFloat32>> init) {
    Variable<TFloat32> v = byName.get(name);
    if (v != null) {
      if (!v.shape().equals(shape) || !role.equals(roleByName.get(name))) {
        throw new IllegalStateException("variable " + name + " exists as " + roleByName.get(name) + " of shape "
            + v.shape() + "; asked for again as " + role + " of shape " + shape);
      }
      return v;
    }
    roleByName.put(name, role);
    created++;
    v = initialize ? tf.withName(name).variable(init.get()) : tf.withName(name).variable(shape, TFloat32.class);
    byName.put(name, v);
    return v;
  }

  private Supplier<Operand<TFloat32>> truncatedNormal(Shape shape, double std) {
    return () -> tf.math.mul(
        tf.random.statelessTruncatedNormal(tf.constant(shape), nextSeed()), tf.constant((float) std));
  }

  private Operand<TFloat32> fill(Shape shape, float value) {
    return tf.fill(tf.constant(shape), tf.constant(value));
  }

  private Operand<TInt64> nextSeed() {
    return tf.constant(new long[] {seed, created});
  }
}
