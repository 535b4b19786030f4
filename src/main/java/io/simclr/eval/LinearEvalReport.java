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

  /** How the linear probe was fitted. */
  public record ProbeDescription(String classifier, String optimizer, int steps, double learningRate, double l2) {}

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
