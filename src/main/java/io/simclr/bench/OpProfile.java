package io.simclr.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

/**
 * Where a step's time goes, from TensorFlow's own step statistics ({@code RunOptions}
 * FULL_TRACE): the summed run time of every op, by kind. With two threads ops overlap, so the
 * shares are of summed op time, not of wall time.
 */
public final class OpProfile {
  /** What an op does in a training step. */
  public enum Kind {
    AUGMENTATION("augmentation"),
    FORWARD_CONV("forward conv"),
    BACKWARD_INPUT("backward conv input"),
    BACKWARD_FILTER("backward conv filter"),
    BATCH_NORM("batch norm (fwd+bwd)"),
    LOSS("loss (fwd+bwd)"),
    UPDATE("optimizer update"),
    LAYOUT("layout conversions"),
    OTHER_FORWARD("other forward"),
    OTHER_BACKWARD("other backward");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final Map<Kind, Long> micros = new EnumMap<>(Kind.class);
  private final Map<String, Long> byType = new TreeMap<>();
  private int steps;

  /** Adds one traced step. */
  public void add(RunMetadata metadata) {
    StepStats stats = metadata.getStepStats();
    stats.getDevStatsList().forEach(dev -> {
      for (NodeExecStats n : dev.getNodeStatsList()) {
        long t = n.getOpEndRelMicros() - n.getOpStartRelMicros();
        if (t > 0) {
          String type = opType(n);
          micros.merge(classify(n.getNodeName(), type), t, Long::sum);
          byType.merge(type, t, Long::sum);
        }
      }
    });
    steps++;
  }

  /** Mean microseconds per step, by kind (kinds without time are absent). */
  public Map<Kind, Double> perStep() {
    Map<Kind, Double> out = new EnumMap<>(Kind.class);
    micros.forEach((k, v) -> out.put(k, (double) v / Math.max(1, steps)));
    return out;
  }

  /** The op types taking the most time, mean microseconds per step, largest first. */
  public List<Map.Entry<String, Double>> topTypes(int n) {
    return byType.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n)
        .map(e -> Map.entry(e.getKey(), (double) e.getValue() / Math.max(1, steps))).toList();
  }

  public double totalPerStep() {
    return micros.values().stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, steps);
  }

  /** "name = Type(inputs)" in the timeline label gives the op type. */
  static String opType(NodeExecStats n) {
    String label = n.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq + 3);
    return eq < 0 || paren < 0 ? "" : label.substring(eq + 3, paren);
  }

  static Kind classify(String name, String type) {
    boolean backward = name.startsWith("gradients");
    if (name.startsWith("augment/")) return Kind.AUGMENTATION;
    if (name.startsWith("loss/") || (backward && name.contains("loss/"))) return Kind.LOSS;
    if (type.startsWith("Conv2DBackpropInput") || type.contains("Conv2DBackpropInput")) return Kind.BACKWARD_INPUT;
    if (type.contains("Conv2DBackpropFilter")) return Kind.BACKWARD_FILTER;
    if (type.contains("Conv2D")) return Kind.FORWARD_CONV;
    if (type.contains("BatchNorm")) return Kind.BATCH_NORM;
    if (type.startsWith("Assign") || type.startsWith("Apply") || type.startsWith("ResourceApply")) return Kind.UPDATE;
    if (type.equals("Transpose") || type.contains("ToTf") || type.contains("Conversion") || type.contains("Reorder")) {
      return Kind.LAYOUT;
    }
    return backward ? Kind.OTHER_BACKWARD : Kind.OTHER_FORWARD;
  }
}
