package io.simclr.cli;

import io.simclr.config.DataLoading;
import io.simclr.config.RunOptions;
import io.simclr.runtime.Device;
import io.simclr.runtime.Precision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** The flags that set {@link RunOptions}: how one invocation of a training command executes. */
final class RunOptionFlags {
  private RunOptionFlags() {}

  static final List<Flag<RunOptions, ?>> ALL = List.of(
      new Flag<>("--device", Device.class,
          "auto (GPU:0 when visible, else CPU), cpu, or gpu (GPU build; fails if any op cannot run there) (default ${DEFAULT-VALUE}).",
          RunOptions::device, RunOptions::withDevice),
      new Flag<>("--threads", Integer.class, "Intra-op threads; 0 = all cores (default ${DEFAULT-VALUE}).",
          RunOptions::intraOpThreads, RunOptions::withIntraOpThreads),
      new Flag<>("--inter-op-threads", Integer.class, "Inter-op threads; 0 = TensorFlow's choice (default ${DEFAULT-VALUE}).",
          RunOptions::interOpThreads, RunOptions::withInterOpThreads),
      new Flag<>("--data-on-device", Boolean.class,
          "Keep the whole training set in a graph variable (on the GPU with --device gpu); a step then sends only batch indices.",
          RunOptions::dataOnDevice, RunOptions::withDataOnDevice),
      new Flag<>("--log-every", Integer.class, "Steps between metric lines (default ${DEFAULT-VALUE}).",
          RunOptions::logEvery, RunOptions::withLogEvery),
      new Flag<>("--checkpoint-every", Integer.class, "Steps between checkpoints (default ${DEFAULT-VALUE}).",
          RunOptions::checkpointEvery, RunOptions::withCheckpointEvery),
      new Flag<>("--keep-checkpoints", Integer.class, "Checkpoints kept (default ${DEFAULT-VALUE}).",
          RunOptions::keepCheckpoints, RunOptions::withKeepCheckpoints),
      new Flag<>("--log-device-placement", Boolean.class, "Log the device of every op (TensorFlow's own log, on stderr).",
          RunOptions::logDevicePlacement, RunOptions::withLogDevicePlacement),
      new Flag<>("--stop-after", Long.class,
          "Stop (with a checkpoint) after this many steps of this invocation; 0 = run to the end (default ${DEFAULT-VALUE}).",
          RunOptions::stopAfter, RunOptions::withStopAfter),
      new Flag<>("--precision", Precision.class,
          "auto, fp32 or bf16. bf16: bfloat16 convolutions and matmuls by TensorFlow's oneDNN rewrite (variables, "
              + "loss and optimizer stay float32; exports are float32), 2-3x faster on CPUs with AVX512_BF16 or AMX "
              + "and refused elsewhere (13x slower there). auto: bf16 on such a CPU with oneDNN on (TensorFlow's "
              + "default there, or TF_ENABLE_ONEDNN_OPTS=1), else fp32; fp32 on the GPU until mixed precision is "
              + "measured there. The precision used is printed and recorded in run-options.json "
              + "(default ${DEFAULT-VALUE}).",
          RunOptions::precision, RunOptions::withPrecision),
      new Flag<>("--monitor-every", Long.class,
          "Monitors, from the current weights, every N steps and at the end: kNN top-1 of 2,000 test images against "
              + "10,000 training images (class-balanced, seeded; labelled data), and label-free health (effective rank "
              + "of h and z, alignment and uniformity of z, a collapse warning) on 1,024 training images; 0 = once per "
              + "epoch, -1 = off (default ${DEFAULT-VALUE}).",
          RunOptions::monitorEvery, RunOptions::withMonitorEvery),
      new Flag<>("--replicas", Integer.class,
          "Data-parallel towers in this process, one per device (GPU:0..N-1 on the GPU build, else N virtual CPU "
              + "devices); the batch splits evenly, the loss sees the global batch. With --cluster: towers in every worker "
              + "(e.g. one per GPU of each machine) (default ${DEFAULT-VALUE}).",
          RunOptions::replicas, RunOptions::withReplicas),
      new Flag<>("--data-loading", DataLoading.class,
          "auto, memory or stream: the training split read into memory first, or streamed from its shards "
              + "(read, decoded and cropped a few batches ahead on --input-threads); auto keeps raw splits of up to "
              + "--memory-budget in memory and streams the rest (default ${DEFAULT-VALUE}).",
          RunOptions::dataLoading, RunOptions::withDataLoading),
      new Flag<>("--memory-budget", Integer.class,
          "MiB of training pixels --data-loading auto keeps in memory (default ${DEFAULT-VALUE}).",
          RunOptions::memoryBudgetMib, RunOptions::withMemoryBudgetMib),
      new Flag<>("--input-threads", Integer.class,
          "Threads that read and decode streamed input; 0 = the number of cores (default ${DEFAULT-VALUE}).",
          RunOptions::inputThreads, RunOptions::withInputThreads),
      new Flag<>("--stop-on-collapse", Boolean.class,
          "Stop the run (last checkpoint kept) when the health monitor sees collapse (effective rank of z under 10%% "
              + "of its dimension, normalised z barely varying, or the loss stuck at ln(2N-1)); without it, a warning "
              + "line and \"collapse\": 1 in metrics.jsonl. Measured on --monitor-every's steps.",
          RunOptions::stopOnCollapse, RunOptions::withStopOnCollapse),
      new Flag<>("--skip-corrupt", Boolean.class,
          "Train on the next good record in place of a corrupt record or undecodable image (warned once, counted) "
              + "instead of stopping with an error naming its shard and record.",
          RunOptions::skipCorrupt, RunOptions::withSkipCorrupt),
      new Flag<>("--monitor-data", String.class,
          "A labelled prepared dataset (same image size) whose splits the kNN monitor uses instead of --data's: "
              + "for unlabelled training data.",
          RunOptions::monitorData, RunOptions::withMonitorData));

  /** Adds the run options to a training command, as one help section. */
  static void addGroup(CommandSpec spec) {
    Flags.addGroup(spec, "%nRun options (this invocation; --resume starts from the previous invocation's, "
        + "but for --stop-after):%n", ALL, RunOptions.defaults());
  }

  /** The options of this invocation: the defaults, or on resume the previous invocation's; then the flags given. */
  static RunOptions resolve(ParseResult pr, Path runDir, boolean resume) throws IOException {
    RunOptions base = resume ? RunOptions.lastUsed(runDir).orElse(RunOptions.defaults()) : RunOptions.defaults();
    return Flags.apply(ALL, base, pr);
  }

  /** What a resumed run says when a recipe flag differs from its recorded value. */
  static final String RECIPE_IS_FIXED = "a resumed run keeps its recipe (drop the flag, or start a new run in another --out)";
}
