package io.simclr.eval;

import java.util.List;

/**
 * What {@code linear-eval} measured: written as {@code linear-eval.json} and rendered as
 * {@code linear-eval.md}.
 *
 * @param knn the kNN settings, or null when kNN was off
 */
public record LinearEvalReport(
    String model,
    String data,
    String datasetManifestSha256,
    int trainImages,
    int testImages,
    ProbeDescription probe,
    KnnSettings knn,
    String encoderVariablesSha256Before,
    String encoderVariablesSha256After,
    List<String> classNames,
    List<EvalResult> results) {

  /** How the linear probe was fitted: the same for every feature source. */
  public record ProbeDescription(String classifier, String optimizer, LinearProbe.Protocol protocol,
      Double fixedL2, List<Double> grid, double validationFraction, long validationSeed, int patience,
      Lbfgs.Settings sweepSolver, Lbfgs.Settings refitSolver) {
    static ProbeDescription of(LinearProbe.Settings s) {
      boolean sweep = s.protocol() == LinearProbe.Protocol.SWEEP;
      return new ProbeDescription(
          "multinomial logistic regression on standardised features, L2 on the weights (l2/2 |W|^2 + mean cross-entropy)",
          "L-BFGS (strong Wolfe line search) in float64, loss and gradient by TensorFlow; converged = |grad|_2 <= tolerance",
          s.protocol(), sweep ? null : s.fixedL2(), sweep ? s.grid() : List.of(),
          sweep ? s.validationFraction() : 0, s.seed(), s.patience(), s.sweepSolver(), s.refitSolver());
    }
  }

  /** The weighted kNN classifier's settings. */
  public record KnnSettings(int k, double temperature, String similarity) {}

  public boolean encoderUnchanged() {
    return encoderVariablesSha256Before.equals(encoderVariablesSha256After);
  }

  /** The result of one feature source ("simclr", "raw-pixels", "random-init"). */
  public EvalResult result(String source) {
    return results.stream().filter(r -> r.source().equals(source)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no result for " + source));
  }
}
