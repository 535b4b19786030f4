package io.simclr.workers;

import io.simclr.config.Workers;
import io.simclr.util.InvalidConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.RemoteSessions;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * This process's TensorFlow server in a cluster, and sessions on it. TensorFlow cannot stop a
 * server ({@code Server.stop()} is unimplemented): it lives until the process exits, so a process
 * starts at most one.
 */
public final class WorkerServer {
  private static WorkerServer running;

  private final Workers cluster;
  private final ConfigProto sessionConfig;

  private WorkerServer(Workers cluster, ConfigProto sessionConfig) {
    this.cluster = cluster;
    this.sessionConfig = sessionConfig;
  }

  /**
   * Starts this worker's server and waits until every other worker's server accepts connections.
   *
   * @param base the session options (threads, precision); the cluster's are added
   */
  public static synchronized WorkerServer start(Workers cluster, ConfigProto base) {
    if (running != null) {
      throw new IllegalStateException("a process runs one worker; this one already is " + running.cluster.describe());
    }
    ConfigProto config = base.toBuilder()
        .setExperimental(base.getExperimental().toBuilder().setCollectiveGroupLeader(Workers.taskName(0)))
        // the session sees only this worker's devices: every op (gradients included) runs here, and
        // workers meet only in the collectives
        .clearDeviceFilters().addDeviceFilters(Workers.taskName(cluster.task()))
        .build();
    JobDef.Builder job = JobDef.newBuilder().setName("worker");
    for (int t = 0; t < cluster.size(); t++) {
      job.putTasks(t, cluster.workers().get(t));
    }
    ServerDef def = ServerDef.newBuilder().setCluster(ClusterDef.newBuilder().addJob(job)).setJobName("worker")
        .setTaskIndex(cluster.task()).setProtocol("grpc").setDefaultSessionConfig(config).build();
    try {
      new Server(def).start();
    } catch (RuntimeException e) {
      throw new InvalidConfigException("cannot start the TensorFlow server of task " + cluster.task() + " on "
          + cluster.workers().get(cluster.task()) + " (another process using that port, e.g. a second --task "
          + cluster.task() + "?): " + firstLine(e));
    }
    running = new WorkerServer(cluster, config);
    running.awaitPeers();
    return running;
  }

  /** A session on this worker's server: it runs the graph here and joins the others' collectives. */
  public Session open(Graph graph) {
    return RemoteSessions.open(graph, "grpc://" + cluster.workers().get(cluster.task()), sessionConfig);
  }

  public Workers cluster() {
    return cluster;
  }

  private void awaitPeers() {
    long deadline = System.nanoTime() + cluster.timeoutSeconds() * 1_000_000_000L;
    List<Integer> missing = new ArrayList<>();
    for (int t = 0; t < cluster.size(); t++) {
      missing.add(t);
    }
    while (true) {
      missing.removeIf(this::reachable);
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new InvalidConfigException("task " + cluster.task() + ": " + String.join(", ", missing.stream()
            .map(t -> "task " + t + " (" + cluster.workers().get(t) + ")").toList()) + " not reachable after "
            + cluster.timeoutSeconds() + " s; start every worker with the same --cluster (or raise --worker-timeout)");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the other workers");
      }
    }
  }

  private boolean reachable(int t) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(cluster.host(t), cluster.port(t)), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m);
  }
}
