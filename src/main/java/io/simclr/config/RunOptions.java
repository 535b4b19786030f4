package io.simclr.config;

import static io.simclr.util.InvalidConfigException.check;

import io.simclr.config.Workers;
import io.simclr.runtime.Device;
import io.simclr.runtime.Devices;
import io.simclr.runtime.OneDnn;
import io.simclr.runtime.Precision;
import io.simclr.runtime.SessionConfigs;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.proto.ConfigProto;

/**
 * How one invocation executes a run, as opposed to what it computes (the recipe): device,
 * threads, where the data lives, how often it logs and checkpoints, when it stops. Not part of
 * the recipe: a resumed run may use other options. Each invocation records the options it used
 * in {@code run-options.json}, and a resume starts from those (but for {@code stopAfter}), so a
 * plain {@code --resume} carries on as before. Start from {@link #defaults} and change fields
 * with the {@code with...} methods.
 *
 * @param intraOpThreads 0 = all cores
 * @param interOpThreads 0 = TensorFlow's choice
 * @param dataOnDevice keep the training set in a graph variable; a step feeds only indices
 * @param stopAfter stop (with a checkpoint) after this many steps of this invocation; 0 = run to the end
 * @param monitorEvery kNN monitor interval in steps; 0 = once per epoch, negative = off
 * @param replicas data-parallel towers, one per device (GPU:i, or virtual CPU devices)
 * @param cluster the worker processes of a multi-worker run and this one's task, or {@link Workers#ALONE} for one
 *     process; recorded, but never reused by a later invocation (each worker gives its own)
 * @param dataLoading the training split in memory, streamed from its shards, or chosen by size
 * @param memoryBudgetMib {@link DataLoading#AUTO} keeps a raw split in memory up to this size
 * @param inputThreads threads that read and decode streamed input; 0 = the number of cores
 * @param skipCorrupt a corrupt record or undecodable image met while training is replaced by the
 *     next good record (warned and counted) instead of stopping the run
 * @param monitorData a labelled prepared dataset the kNN monitor reads instead of the training
 *     data (for unlabelled training data); null = the training data's own splits
 * @param stopOnCollapse the health monitor stops the run (checkpoint kept) when it sees collapse,
 *     instead of warning
 */
public record RunOptions(
    Device device,
    int intraOpThreads,
    int interOpThreads,
    boolean dataOnDevice,
    int logEvery,
    int checkpointEvery,
    int keepCheckpoints,
    boolean logDevicePlacement,
    long stopAfter,
    Precision precision,
    long monitorEvery,
    int replicas,
    Workers cluster,
    DataLoading dataLoading,
    int memoryBudgetMib,
    int inputThreads,
    boolean skipCorrupt,
    String monitorData,
    boolean stopOnCollapse) {

  public RunOptions {
    // run-options.json files written before these existed
    precision = precision == null ? Precision.FP32 : precision;
    cluster = cluster == null ? Workers.ALONE : cluster;
    replicas = replicas == 0 ? 1 : replicas;
    dataLoading = dataLoading == null ? DataLoading.AUTO : dataLoading;
    memoryBudgetMib = memoryBudgetMib == 0 ? DEFAULT_MEMORY_BUDGET_MIB : memoryBudgetMib;
  }

  /** The in-memory path holds the training split when its pixels take at most this much. */
  public static final int DEFAULT_MEMORY_BUDGET_MIB = 1024;

  public static final String FILE_NAME = "run-options.json";

  public static RunOptions defaults() {
    return new RunOptions(Device.AUTO, 0, 0, false, 10, 500, 3, false, 0, Precision.AUTO, 0, 1, Workers.ALONE,
        DataLoading.AUTO, DEFAULT_MEMORY_BUDGET_MIB, 0, false, null, false);
  }

  /** The options the last invocation of the run in {@code runDir} used, {@code stopAfter} and {@code cluster} cleared. */
  public static Optional<RunOptions> lastUsed(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(f, RunOptions.class).withStopAfter(0).withCluster(Workers.ALONE));
    } catch (IOException e) {
      throw new IOException(f + ": unreadable (delete it to resume with the default run options): " + e.getMessage(), e);
    }
  }

  public void record(Path runDir) throws IOException {
    Json.writeFile(runDir.resolve(FILE_NAME), this);
  }

  public RunOptions withDevice(Device v) {
    return new RunOptions(v, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withIntraOpThreads(int v) {
    return new RunOptions(device, v, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withInterOpThreads(int v) {
    return new RunOptions(device, intraOpThreads, v, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withDataOnDevice(boolean v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, v, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withLogEvery(int v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, v, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withCheckpointEvery(int v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, v, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withKeepCheckpoints(int v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, v, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withLogDevicePlacement(boolean v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, v, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withStopAfter(long v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, v, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withPrecision(Precision v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, v, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withMonitorEvery(long v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, v, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withReplicas(int v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, v, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withCluster(Workers v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, v, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withDataLoading(DataLoading v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, v, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withMemoryBudgetMib(int v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, v, inputThreads, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withInputThreads(int v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, v, skipCorrupt, monitorData, stopOnCollapse);
  }

  public RunOptions withSkipCorrupt(boolean v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, v, monitorData, stopOnCollapse);
  }

  public RunOptions withMonitorData(String v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, v, stopOnCollapse);
  }
  public RunOptions withStopOnCollapse(boolean v) {
    return new RunOptions(device, intraOpThreads, interOpThreads, dataOnDevice, logEvery, checkpointEvery, keepCheckpoints, logDevicePlacement, stopAfter, precision, monitorEvery, replicas, cluster, dataLoading, memoryBudgetMib, inputThreads, skipCorrupt, monitorData, v);
  }


  public void validate() {
    check(device != null, "--device is required");
    check(intraOpThreads >= 0 && interOpThreads >= 0, "--threads and --inter-op-threads must be >= 0 (0 = TensorFlow's choice)");
    check(logEvery >= 1, "--log-every must be >= 1, got " + logEvery);
    check(checkpointEvery >= 1, "--checkpoint-every must be >= 1, got " + checkpointEvery);
    check(keepCheckpoints >= 1, "--keep-checkpoints must be >= 1, got " + keepCheckpoints);
    check(stopAfter >= 0, "--stop-after must be >= 0, got " + stopAfter);
    check(replicas >= 1, "--replicas must be >= 1, got " + replicas);
    check(memoryBudgetMib >= 1, "--memory-budget must be >= 1 MiB, got " + memoryBudgetMib);
    check(inputThreads >= 0, "--input-threads must be >= 0 (0 = the number of cores), got " + inputThreads);
    check(!dataOnDevice || dataLoading != DataLoading.STREAM, "--data-on-device needs the training split in memory, "
        + "not --data-loading stream");
    cluster.validate();
  }

  /** Input threads to use: the option, or the number of cores. */
  public int inputThreadCount() {
    return inputThreads > 0 ? inputThreads : Runtime.getRuntime().availableProcessors();
  }

  /** The number of worker processes (1 without a cluster). */
  public int workers() {
    return cluster.size();
  }

  /**
   * These options with {@link Precision#AUTO} decided for the device they resolve to on this
   * machine; a forced bf16 that would be slow here is refused ({@link Precision#resolve}).
   */
  public RunOptions withPrecisionResolved() {
    if (precision == Precision.FP32) {
      return this;
    }
    Device d = Devices.resolve(device, withPrecision(Precision.FP32).sessionConfig());
    return withPrecision(precision.resolve(d, OneDnn.Host.here()));
  }

  /** The session options of the training session (and of anything that runs before it). */
  public ConfigProto sessionConfig() {
    ConfigProto c = precision.apply(SessionConfigs.threads(intraOpThreads, interOpThreads));
    if (replicas > 1) {
      // virtual CPU devices for the towers (the GPU build places them on GPU:i instead). The towers'
      // sums of 3 or more terms are chained in a fixed order (BackwardPass.TOWERS, global BN), which
      // Grappler must keep: with 2 towers too (a tensor read by 3 ops has a 3-term gradient), or
      // runs under load differ from run to run
      c = SessionConfigs.withFixedSumOrder(c.toBuilder().putDeviceCount("CPU", replicas).build());
    }
    return logDevicePlacement ? SessionConfigs.withPlacementLog(c) : c;
  }
}
