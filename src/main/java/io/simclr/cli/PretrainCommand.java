package io.simclr.cli;

import io.simclr.config.Workers;
import io.simclr.config.Recipe;
import io.simclr.config.RunOptions;
import io.simclr.config.TimeBudget;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.export.RunExport;
import io.simclr.metrics.Metric;
import io.simclr.run.RunDirectory;
import io.simclr.run.RunInfo;
import io.simclr.train.Outcome;
import io.simclr.train.Pretrainer;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    modelTransformer = PretrainCommand.AddFlags.class,
    description = {
      "Train an encoder with SimCLR on a prepared dataset (see 'prep').",
      "The run directory gets run.json (the recipe + provenance), metrics.jsonl, tensorboard/",
      "and checkpoints/ckpt-<step>/. --resume continues a run from its latest checkpoint with",
      "its recorded recipe, drawing the same batches and augmentations as an uninterrupted run;",
      "run options (device, threads, logging, checkpoints) may differ between invocations.",
      "Every value is checked before anything is written: a rejected command leaves no trace.",
      "A completed run also exports its encoder to <out>/saved-model (see 'export').",
      "",
      "Example: pretrain --data data/fashion-mnist --out runs/fm --encoder resnet-small --epochs 20"
    })
public final class PretrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Mixin RunDirOptions run;

  @Option(names = "--no-export", description = "Do not export <out>/saved-model when the run completes.")
  boolean noExport;

  @Option(names = "--dry-run", description = "Check the recipe, the run options and the data against each other, "
      + "print the recipe, and stop: nothing is opened for training or written.")
  boolean dryRun;

  @Option(names = "--time-budget", paramLabel = "MINUTES",
      description = "Wall-clock minutes for the whole command: times the recipe's first steps, then sets --steps so "
          + "that the warm-up and cosine decay end as the budget ends (written to run.json; --resume keeps it). "
          + "Not with --steps, --epochs or --resume.")
  Double timeBudget;

  @ArgGroup(exclusive = false, heading = "%nSeveral workers (each runs this command with its own --task; "
      + "or set TF_CONFIG instead):%n", order = 100)
  ClusterOptions clusterOptions = new ClusterOptions();

  static final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "HOST:PORT,...",
        description = "Every worker's TensorFlow server address, in task order; task 0 is the chief, which alone "
            + "writes --out. The global batch splits evenly over the workers.")
    String cluster;

    @Option(names = "--task", description = "This worker's index into --cluster.")
    Integer task;

    @Option(names = "--worker-timeout", paramLabel = "SECONDS", defaultValue = "" + Workers.DEFAULT_TIMEOUT_SECONDS,
        description = "How long to wait for the other workers, at the start and in every step, before stopping "
            + "with an error (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = Workers.DEFAULT_TIMEOUT_SECONDS;
  }

  /** Adds the recipe and run-option flags from their tables, as two help sections. */
  static final class AddFlags implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      Flags.addGroup(spec, "%nRecipe (stored in run.json; fixed once the run exists):%n",
          RecipeFlags.ALL, RecipeFlags.SHOWN_DEFAULTS);
      RunOptionFlags.addGroup(spec);
      return spec;
    }
  }

  @Override
  public Integer call() throws Exception {
    ParseResult pr = spec.commandLine().getParseResult();
    RunOptions options = RunOptionFlags.resolve(pr, run.out, run.resume).withCluster(cluster(System.getenv("TF_CONFIG")));
    Optional<TimeBudget> budget = timeBudget(pr);
    Outcome o;
    if (dryRun) {
      Recipe r = run.resume ? RunInfo.read(run.out).recipe() : recipe(pr);
      if (run.resume) {
        Flags.requireUnchanged(RecipeFlags.ALL, r, pr, RunOptionFlags.RECIPE_IS_FIXED);
      } else if (options.cluster().isChief()) {
        RunDirectory.checkFresh(run.out);
      }
      Manifest m = Pretrainer.check(r, options);
      System.out.println(io.simclr.util.Json.write(r));
      System.out.printf("dry run: the recipe and run options are valid for %s (%d training images, %s); nothing "
          + "written%n", r.data(), m.splits().get("train").count(), m.storage());
      budget.ifPresent(b -> System.out.printf("with --time-budget %s min the steps above are replaced by as many as "
          + "fit, measured when the run starts%n", timeBudget));
      return 0;
    }
    if (run.resume) {
      Flags.requireUnchanged(RecipeFlags.ALL, RunInfo.read(run.out).recipe(), pr, RunOptionFlags.RECIPE_IS_FIXED);
      o = Pretrainer.resume(run.out, options, System.err);
    } else if (budget.isPresent()) {
      o = Pretrainer.startWithin(budget.get(), Main.startedNanos(), recipe(pr), options, run.out, System.err);
    } else {
      o = Pretrainer.start(recipe(pr), options, run.out, System.err);
    }
    if (o.interrupted()) {
      // stopped by a signal: the loop has said where it stopped, and the JVM is exiting
      return 130;
    }
    System.out.printf("pretrain %s: step %d/%d, loss %.4f, contrastive accuracy %.3f, checkpoint %s%n",
        run.out, o.step(), o.totalSteps(), o.lastValue(Metric.LOSS), o.lastValue(Metric.CONTRASTIVE_ACCURACY),
        o.checkpoint() == null ? "(the chief's)" : o.checkpoint());
    if (o.complete() && !noExport && options.cluster().isChief()) {
      Path model = run.out.resolve("saved-model");
      RunExport.exportLatest(run.out, model, Overwrite.REPLACE);
      System.out.println("exported the encoder to " + model);
    }
    return 0;
  }

  /** --time-budget, checked against the flags it cannot go with. */
  private Optional<TimeBudget> timeBudget(ParseResult pr) {
    if (timeBudget == null) {
      return Optional.empty();
    }
    TimeBudget b = new TimeBudget(timeBudget);
    b.validate();
    for (String other : List.of("--steps", "--epochs", "--resume", "--cluster")) {
      if (pr.hasMatchedOption(other)) {
        throw new InvalidConfigException("--time-budget chooses the run's length itself: not with " + other
            + (other.equals("--resume") ? " (a resumed run keeps the steps its budget chose)" : ""));
      }
    }
    return Optional.of(b);
  }

  /** The cluster of --cluster and --task, else of TF_CONFIG when set; {@link Workers#ALONE} for one process. */
  private Workers cluster(String tfConfig) {
    ClusterOptions c = clusterOptions;
    if (c.cluster == null && c.task != null) {
      throw new InvalidConfigException("--task needs --cluster");
    }
    if (c.cluster != null) {
      if (c.task == null) {
        throw new InvalidConfigException("--cluster needs --task (this worker's index)");
      }
      return Workers.parse(c.cluster, c.task, c.timeoutSeconds);
    }
    return tfConfig == null || tfConfig.isBlank() ? Workers.ALONE : Workers.fromTfConfig(tfConfig, c.timeoutSeconds);
  }

  /** The defaults for the dataset's image shape, with the given flags applied. */
  private static Recipe recipe(ParseResult pr) throws IOException {
    if (!pr.hasMatchedOption("--data")) {
      throw new InvalidConfigException("--data is required (or --resume)");
    }
    Path data = pr.matchedOptionValue("--data", null);
    Manifest m = PreparedDataset.readManifest(data);
    return Flags.apply(RecipeFlags.ALL, Recipe.defaults(data, m), pr);
  }
}
