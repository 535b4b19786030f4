package io.simclr.config;

import static io.simclr.util.InvalidConfigException.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The worker processes of a multi-worker run and which one this process is. Every worker runs the
 * same command with the same list and its own index; task 0 is the chief (it alone writes the run
 * directory). From {@code --cluster host:port,... --task i} or TensorFlow's {@code TF_CONFIG}.
 *
 * @param workers host:port of every worker's TensorFlow server, in task order
 * @param task this process's index into {@code workers}
 * @param timeoutSeconds how long a worker waits for the others (at start, and in every collective
 *     of a step) before it stops with an error naming them
 */
public record Workers(List<String> workers, int task, int timeoutSeconds) {
  public static final int DEFAULT_TIMEOUT_SECONDS = 120;

  /** One process on its own: no servers, no other workers; it is its own chief. */
  public static final Workers ALONE = new Workers(List.of(), 0, DEFAULT_TIMEOUT_SECONDS);

  public Workers {
    workers = List.copyOf(workers);
  }

  /** Whether this is {@link #ALONE}, one process without a cluster. */
  @JsonIgnore
  public boolean alone() {
    return workers.isEmpty();
  }

  /** From {@code --cluster} (comma-separated host:port) and {@code --task}. */
  public static Workers parse(String cluster, int task, int timeoutSeconds) {
    List<String> workers = List.of(cluster.split(",", -1)).stream().map(String::trim).toList();
    Workers c = new Workers(workers, task, timeoutSeconds);
    c.validate();
    return c;
  }

  /**
   * From TensorFlow's TF_CONFIG JSON: {@code {"cluster": {"worker": ["host:port", ...]}, "task":
   * {"type": "worker", "index": i}}}. Only "worker" jobs: worker 0 is the chief.
   */
  public static Workers fromTfConfig(String json, int timeoutSeconds) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new InvalidConfigException("TF_CONFIG is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode jobs = root.path("cluster");
    check(jobs.isObject(), "TF_CONFIG has no \"cluster\" object");
    jobs.fieldNames().forEachRemaining(job -> check(job.equals("worker"),
        "TF_CONFIG job \"" + job + "\" is not supported: list every process under \"worker\" (worker 0 is the chief)"));
    JsonNode list = jobs.path("worker");
    check(list.isArray() && !list.isEmpty(), "TF_CONFIG has no \"cluster\": {\"worker\": [\"host:port\", ...]}");
    JsonNode t = root.path("task");
    check(t.path("type").asText("worker").equals("worker"), "TF_CONFIG task type must be \"worker\"");
    check(t.path("index").isInt(), "TF_CONFIG has no integer \"task\": {\"index\": i}");
    List<String> workers = new java.util.ArrayList<>();
    list.forEach(n -> workers.add(n.asText()));
    Workers c = new Workers(workers, t.path("index").asInt(), timeoutSeconds);
    c.validate();
    return c;
  }

  public void validate() {
    if (alone()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String w : workers) {
      int colon = w.lastIndexOf(':');
      check(colon > 0 && colon < w.length() - 1, "--cluster entry '" + w + "' is not host:port");
      int port;
      try {
        port = Integer.parseInt(w.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new InvalidConfigException("--cluster entry '" + w + "' has no numeric port");
      }
      check(port > 0 && port < 65536, "--cluster entry '" + w + "': port out of range");
      check(seen.add(w), "--cluster lists " + w + " twice: every worker needs its own host:port");
    }
    check(task >= 0 && task < workers.size(), "--task " + task + " is out of range: --cluster lists "
        + workers.size() + " workers (tasks 0.." + (workers.size() - 1) + ")");
    check(timeoutSeconds >= 1, "--worker-timeout must be >= 1 second, got " + timeoutSeconds);
  }

  /** The number of worker processes: 1 for {@link #ALONE}. */
  public int size() {
    return Math.max(1, workers.size());
  }

  /** Whether this process writes the run directory (the chief, or a process on its own). */
  @JsonIgnore
  public boolean isChief() {
    return task == 0;
  }

  /** This worker's TensorFlow device name prefix. */
  public String device() {
    return taskName(task) + "/device:CPU:0";
  }

  public static String taskName(int task) {
    return "/job:worker/replica:0/task:" + task;
  }

  public String host(int t) {
    String w = workers.get(t);
    return w.substring(0, w.lastIndexOf(':'));
  }

  public int port(int t) {
    String w = workers.get(t);
    return Integer.parseInt(w.substring(w.lastIndexOf(':') + 1));
  }

  public String describe() {
    if (alone()) {
      return "one process";
    }
    return "worker " + task + " of " + workers.size() + " (" + String.join(", ", workers) + ")"
        + (isChief() ? ", chief" : "");
  }
}
