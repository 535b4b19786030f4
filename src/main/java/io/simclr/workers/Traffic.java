package io.simclr.workers;

import java.util.Iterator;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/**
 * What a training step sends between workers, read from the graph's collective ops: all-gathers
 * (projections, representations for the online probe) and all-reduces (gradients, batch-norm
 * moments). Per worker and step, with TensorFlow's ring algorithms: an all-gather of parts of
 * {@code p} bytes sends {@code (W-1) p}; an all-reduce of {@code n} bytes sends
 * {@code 2 (W-1)/W n}; each worker receives as much as it sends.
 */
public record Traffic(int gathers, long gatheredBytes, int reduces, long reducedBytes, int workers) {
  /** Sums the collectives of {@code graph} (but the start-up agreement); call once the graph is complete. */
  public static Traffic of(Graph graph, int workers) {
    int gathers = 0;
    int reduces = 0;
    long gathered = 0;
    long reduced = 0;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.name().contains("agreement")) {
        continue;
      }
      if (op.type().equals("CollectiveGatherV2")) {
        gathers++;
        gathered += 4 * op.input(0).shape().size();
      } else if (op.type().equals("CollectiveReduceV2")) {
        reduces++;
        reduced += 4 * op.input(0).shape().size();
      }
    }
    return new Traffic(gathers, gathered, reduces, reduced, workers);
  }

  /** Bytes one worker sends per step. */
  public long sentPerStep() {
    return (workers - 1) * gatheredBytes + 2L * (workers - 1) * reducedBytes / workers;
  }

  public String describe() {
    return String.format("collectives per step: %d all-gathers of %.1f KiB per worker, %d all-reduces of %.2f MiB; "
        + "each worker sends about %.2f MiB per step (ring algorithms)", gathers, gatheredBytes / 1024.0, reduces,
        reducedBytes / 1048576.0, sentPerStep() / 1048576.0);
  }
}
