package io.simclr.cli;

import io.simclr.runtime.OneDnn;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: {@code java -jar simclr.jar <command>}. Exit 0 ok, 1 failure, 2 bad usage. */
@Command(
    name = "simclr",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "SimCLR contrastive pretraining on TensorFlow Java.",
    subcommands = {
      PrepCommand.class,
      PretrainCommand.class,
      FinetuneCommand.class,
      ExportCommand.class,
      LinearEvalCommand.class,
      EmbedCommand.class,
      NeighborsCommand.class,
      DuplicatesCommand.class,
      SelectCommand.class,
      AuditCommand.class,
      ClusterCommand.class,
      BenchCommand.class,
      PlotCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Commands that run the network, where the oneDNN hint matters. */
  private static final Set<String> HEAVY = Set.of("pretrain", "bench", "linear-eval", "embed", "plot", "export");

  public static void main(String[] args) {
    String hint = OneDnn.hint();
    if (hint != null && args.length > 0 && HEAVY.contains(args[0]) && !Arrays.asList(args).contains("--help")) {
      System.err.println(hint);
    }
    // the JVM's own start-up counts towards a command's time (pretrain --time-budget)
    started = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    System.exit(run(args));
  }

  /** When the running command started (System.nanoTime): the JVM's start under main, else the call's. */
  private static long started;

  static long startedNanos() {
    return started;
  }

  /** Runs a command line and returns the exit code (tests call this directly). */
  public static int execute(String... args) {
    started = System.nanoTime();
    return run(args);
  }

  private static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // a last line of defence: commands check their large allocations first (HeapBudget)
      cl.getErr().println("error: out of Java heap (" + e.getMessage() + ", -Xmx" + (Runtime.getRuntime().maxMemory() >> 20)
          + "m): raise -Xmx (java -Xmx8g -jar ...); outputs are written whole or not at all");
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }
}
