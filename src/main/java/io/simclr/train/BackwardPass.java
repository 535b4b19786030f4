package io.simclr.train;

import io.simclr.model.OrderedSum;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphEdits;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** How the backward pass is built: for one device, or for towers on several. */
enum BackwardPass {
  /** TensorFlow's gradient ops as they come: TensorFlow's placer puts them on the first device. */
  ONE_DEVICE,
  /**
   * Each backward op on the device of the forward ops it reads (each tower's backward pass on its
   * tower, as Python TensorFlow's {@code colocate_gradients_with_ops}); ops that read no forward
   * op take their gradient inputs' device where those agree, so the loss's backward pass and the
   * sums over towers run on the first device.
   *
   * <p>Every sum of more than two terms becomes a chain of additions in tower order. TensorFlow's
   * gradient builder orders a sum's terms as it walks a node's out-edges (a set keyed by memory
   * address), and its AddN kernel starts from whichever term's buffer it may reuse at run time:
   * with 3 or more towers either would change the rounding, and the trained weights, from run to
   * run. Two terms add the same in either order. The session must keep the chains: {@link
   * io.simclr.runtime.SessionConfigs#withFixedSumOrder}.
   */
  TOWERS;

  /** {@code d loss / d xs}, built into {@code graph}. */
  Output<?>[] gradients(Graph graph, Output<?> loss, Output<?>[] xs) {
    if (this == ONE_DEVICE) {
      return graph.addGradients(loss, xs);
    }
    Set<String> forward = new HashSet<>();
    graph.operations().forEachRemaining(op -> forward.add(op.name()));
    Output<?>[] grads = graph.addGradients(loss, xs);
    List<GraphOperation> backward = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!forward.contains(op.name())) {
        backward.add(op);
      }
    }
    // creation order: every op's inputs are placed before it
    for (GraphOperation op : backward) {
      String device = deviceFor(op, forward);
      if (!device.isEmpty()) {
        GraphEdits.setDevice(op, device);
      }
    }
    Anchors anchors = new Anchors(forward);
    Ops tf = Ops.create(graph).withSubScope("tower_sum");
    for (GraphOperation op : backward) {
      if (op.type().equals("AddN") && op.numInputs() > 2) {
        Output<?> chain = inTowerOrder(tf, op, anchors);
        for (int i = 0; i < grads.length; i++) {
          if (grads[i].op().equals(op)) {
            grads[i] = chain;
          }
        }
      }
    }
    return grads;
  }

  private static String deviceFor(GraphOperation op, Set<String> forward) {
    String fromForward = "";
    String fromBackward = null;
    boolean backwardAgrees = true;
    for (int i = 0; i < op.numInputs(); i++) {
      GraphOperation in = (GraphOperation) op.input(i).op();
      if (forward.contains(in.name())) {
        if (fromForward.isEmpty()) {
          fromForward = in.device();
        }
      } else {
        String d = in.device();
        if (d.isEmpty()) {
          continue;
        }
        if (fromBackward == null) {
          fromBackward = d;
        } else if (!fromBackward.equals(d)) {
          backwardAgrees = false;
        }
      }
    }
    if (!fromForward.isEmpty()) {
      return fromForward;
    }
    return fromBackward != null && backwardAgrees ? fromBackward : "";
  }

  /**
   * Replaces {@code sum} (AddN) for its readers by additions of its terms in an order that depends
   * neither on how the builder walked nor on buffers at run time; returns the replacement.
   */
  @SuppressWarnings("unchecked")
  private static Output<?> inTowerOrder(Ops tf, GraphOperation sum, Anchors anchors) {
    List<Output<TFloat32>> terms = new ArrayList<>();
    for (int i = 0; i < sum.numInputs(); i++) {
      terms.add((Output<TFloat32>) sum.input(i));
    }
    terms.sort(Comparator.comparing(t -> ((GraphOperation) t.op()).device() + "|" + anchors.of((GraphOperation) t.op())));
    Operand<TFloat32> chain = OrderedSum.of(tf, terms, add -> {
      if (!sum.device().isEmpty()) {
        GraphEdits.setDevice((GraphOperation) add.op(), sum.device());
      }
    });
    Output<?> out = chain.asOutput();
    for (GraphOperation reader : sum.consumers(0)) {
      for (int i = 0; i < reader.numInputs(); i++) {
        if (reader.input(i).equals(sum.output(0))) {
          GraphEdits.setInput(reader, i, out);
        }
      }
    }
    return out;
  }

  /**
   * A name for a backward op that does not depend on the builder's walk: the first forward op among
   * its inputs (the forward graph is built in a fixed order), else its first input's anchor.
   */
  private static final class Anchors {
    private final Set<String> forward;
    private final Map<String, String> memo = new HashMap<>();

    Anchors(Set<String> forward) {
      this.forward = forward;
    }

    String of(GraphOperation op) {
      if (forward.contains(op.name())) {
        return op.name();
      }
      String known = memo.get(op.name());
      if (known != null) {
        return known;
      }
      String anchor = op.name();
      for (int i = 0; i < op.numInputs(); i++) {
        if (forward.contains(op.input(i).op().name())) {
          anchor = op.input(i).op().name();
          break;
        }
      }
      if (anchor.equals(op.name()) && op.numInputs() > 0) {
        anchor = of((GraphOperation) op.input(0).op());
      }
      memo.put(op.name(), anchor);
      return anchor;
    }
  }
}
