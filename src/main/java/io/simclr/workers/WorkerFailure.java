package io.simclr.workers;

import io.simclr.config.Workers;
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
  public static WorkerFailure explain(Workers c, long step, RuntimeException e) {
    return explain(c, "step " + step, e);
  }

  /**
   * @param phase where it failed: "step 6", "start-up (...)"
   * @return the failure explained: the other tasks TensorFlow's message mentions, and the cause
   */
  public static WorkerFailure explain(Workers c, String phase, RuntimeException e) {
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
    return new WorkerFailure("task " + c.task() + ": lost " + who + (phase.startsWith("step") ? " in " : " during ")
        + phase + " (" + cause(c, m) + "); the last checkpoint is kept: restart every worker with --resume", e);
  }

  /** What happened, from TensorFlow's multi-line message: timed out, refused, lost, or its first real line. */
  static String cause(Workers c, String m) {
    if (m.contains("timed out") || m.contains("DeadlineExceeded") || m.contains("Deadline Exceeded")
        || m.contains("DEADLINE_EXCEEDED")) {
      return "no answer within --worker-timeout " + c.timeoutSeconds() + " s";
    }
    if (m.contains("failed to connect") || m.contains("Connection refused")) {
      return "connection refused: its process is gone";
    }
    if (m.contains("Connection reset") || m.contains("UNAVAILABLE") || m.contains("Socket closed")
        || m.contains("Cancelled") || m.contains("CANCELLED")) {
      return "connection lost";
    }
    return firstLine(m);
  }

  /** The first line that says something: TensorFlow prefixes remote errors with "From /job:...:". */
  private static String firstLine(String m) {
    return m.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.matches("From /job:\\S*:?"))
        .findFirst().orElse(m.strip());
  }
}
