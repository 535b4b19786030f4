package io.simclr.optim;

import static io.simclr.util.InvalidConfigException.check;

/**
 * Which optimizer and its hyper-parameters. Weight decay applies to weights only (not biases or
 * batch-norm parameters) for every optimizer.
 */
public record OptimizerConfig(Optimizer kind, double momentum, double weightDecay, double trustCoefficient) {

  /** LARS, momentum 0.9, weight decay 1e-4 (the paper's CIFAR value), trust coefficient 0.001. */
  public static OptimizerConfig defaults() {
    return new OptimizerConfig(Optimizer.LARS, 0.9, 1e-4, 0.001);
  }

  public OptimizerConfig withKind(Optimizer v) {
    return new OptimizerConfig(v, momentum, weightDecay, trustCoefficient);
  }

  public OptimizerConfig withMomentum(double v) {
    return new OptimizerConfig(kind, v, weightDecay, trustCoefficient);
  }

  public OptimizerConfig withWeightDecay(double v) {
    return new OptimizerConfig(kind, momentum, v, trustCoefficient);
  }

  public OptimizerConfig withTrustCoefficient(double v) {
    return new OptimizerConfig(kind, momentum, weightDecay, v);
  }

  public void validate() {
    check(kind != null, "--optimizer is required");
    check(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
    check(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
    check(trustCoefficient > 0 && Double.isFinite(trustCoefficient),
        "--trust-coefficient must be > 0, got " + trustCoefficient);
  }
}
