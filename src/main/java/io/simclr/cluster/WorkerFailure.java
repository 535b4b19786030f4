package io.simclr.cluster;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step of a multi-worker run that failed because another worker went away (its process died,
 * its machine became unreachable) or did not answer within the cluster's timeout. TensorFlow's
 * error names the remote task deep in a multi-line gRPC message; this says it in one line.
 */
public final class WorkerFailure extends RuntimeException {
  private static final Pattern TASK = Pattern.compile("/job:worker/replica:0/task:(\\d+)");

  private WorkerFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * @param step the step that failed (1-based)
   * @return the failure explained, naming the other tasks TensorFlow's message mentions
   */
  public static WorkerFailure explain(Cluster c, long step, RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    Set<Integer> others = new LinkedHashSet<>();
    Matcher t = TASK.matcher(m);
    while (t.find()) {
      int task = Integer.parseInt(t.group(1));
      if (task != c.task() && task < c.size()) {
        others.add(task);
      }
    }
    if (others.isEmpty() && c.size() == 2) {
      others.add(1 - c.task());  // the only other one
    }
    String who = others.isEmpty() ? "another worker"
        : String.join(", ", others.stream().map(o -> "task " + o + " (" + c.workers().get(o) + ")").toList());
    String why = m.contains("timed out") || m.contains("DeadlineExceeded") || m.contains("Deadline Exceeded")
        ? "no answer within --worker-timeout " + c.timeoutSeconds() + " s"
        : m.contains("Connection reset") || m.contains("UNAVAILABLE") || m.contains("Socket closed")
            || m.contains("Connection refused") ? "connection lost" : firstLine(m);
    return new WorkerFailure("task " + c.task() + ": lost " + who + " in step " + step + " (" + why
        + "); the last checkpoint is kept: restart every worker with --resume", e);
  }

  private static String firstLine(String m) {
    return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
  }
}
