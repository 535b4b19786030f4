package io.simclr.optim;

/**
 * Which optimizer and its hyper-parameters. Weight decay applies to weights only (not biases or
 * batch-norm parameters) for every optimizer.
 */
public record OptimizerConfig(String name, double momentum, double weightDecay, double trustCoefficient) {
  public static final java.util.List<String> NAMES = java.util.List.of("lars", "sgd", "adam");

  public void validate() {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown optimizer '" + name + "' (lars, sgd, adam)");
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("--momentum must be in [0, 1)");
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("--weight-decay must be >= 0");
    }
  }
}
