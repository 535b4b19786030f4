package io.simclr.eval;

/** Linear-probe and (optionally) kNN results for one feature source. */
public record EvalResult(
    String source,
    int featureDim,
    double extractSeconds,
    double probeSeconds,
    LinearProbe.Summary probe,
    ClassificationReport linear,
    ClassificationReport knn) {}
