package io.simclr.bench;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;

/**
 * A training step to time, whatever built it: the graph, its step op, the loss fetched with it,
 * the augmentation alone (timed separately for its share), and how to feed one batch.
 *
 * @param feed adds one batch to a runner; the benchmark closes the returned tensor after the run
 * @param forwardFlopsPerView multiply-adds x 2 of one view's forward pass
 */
public record TimedStep(Graph graph, Op trainStep, Operand<?> loss, Operand<?> augmentation,
    Function<Session.Runner, Tensor> feed, int viewsPerStep, double forwardFlopsPerView) {}
