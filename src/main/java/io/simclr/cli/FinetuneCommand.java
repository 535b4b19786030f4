package io.simclr.cli;

import io.simclr.config.EncoderStart;
import io.simclr.config.FinetuneRecipe;
import io.simclr.config.RunOptions;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.eval.ClassifierEvaluation;
import io.simclr.export.ClassifierExporter;
import io.simclr.metrics.Metric;
import io.simclr.model.ModelConfig;
import io.simclr.run.Checkpoints;
import io.simclr.run.EncoderSource;
import io.simclr.run.FinetuneInfo;
import io.simclr.train.Finetuner;
import io.simclr.train.Outcome;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    modelTransformer = FinetuneCommand.AddFlags.class,
    description = {
      "Fine-tune an encoder with few labels (semi-supervised, as the SimCLR papers).",
      "It trains on a class-balanced, seeded subset of the training labels (indices in <out>/subset.json), the encoder from a",
      "pretraining run or an exported encoder SavedModel (or --from scratch, the baseline), a linear",
      "classifier on top, batch norm in training mode, random crop and flip. Progress, metrics.jsonl,",
      "TensorBoard, checkpoints and --resume work as in 'pretrain'. A completed run exports a classifier",
      "SavedModel to <out>/saved-model and evaluates it on the test split (<out>/report.md).",
      "",
      "Example: finetune --from runs/fm --data data/fashion-mnist --label-fraction 0.01 --out runs/fm-ft1"
    })
public final class FinetuneCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Mixin RunDirOptions run;

  @Option(names = "--no-export", description = "Do not export and evaluate the classifier when the run completes.")
  boolean noExport;

  /** Adds the recipe and run-option flags from their tables, as two help sections. */
  static final class AddFlags implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      Flags.addGroup(spec, "%nRecipe (stored in finetune.json; fixed once the run exists; the architecture flags "
          + "apply to --from scratch, and otherwise must match the source):%n", FinetuneFlags.ALL, FinetuneFlags.SHOWN_DEFAULTS);
      RunOptionFlags.addGroup(spec);
      return spec;
    }
  }

  @Override
  public Integer call() throws Exception {
    ParseResult pr = spec.commandLine().getParseResult();
    RunOptions options = RunOptionFlags.resolve(pr, run.out, run.resume);
    Outcome o;
    if (run.resume) {
      Flags.requireUnchanged(FinetuneFlags.ALL, FinetuneInfo.read(run.out).recipe(), pr, RunOptionFlags.RECIPE_IS_FIXED);
      o = Finetuner.resume(run.out, options, System.err);
    } else {
      o = Finetuner.start(recipe(pr), options, run.out, System.err);
    }
    if (o.interrupted()) {
      return 130;
    }
    System.out.printf("finetune %s: step %d/%d, loss %.4f, batch accuracy %.3f%n",
        run.out, o.step(), o.totalSteps(), o.lastValue(Metric.LOSS), o.lastValue(Metric.ACCURACY));
    if (o.complete() && !noExport) {
      FinetuneInfo info = FinetuneInfo.read(run.out);
      Path model = run.out.resolve("saved-model");
      long last = new Checkpoints(run.out, Integer.MAX_VALUE).latest().orElseThrow();
      ClassifierExporter.export(info, new Checkpoints(run.out, Integer.MAX_VALUE).prefix(last), model, Overwrite.REPLACE);
      ClassifierEvaluation.Report report = ClassifierEvaluation.run(model, Path.of(info.recipe().data()), 500);
      System.out.println("exported the classifier to " + model + "; "
          + ClassifierEvaluation.write(report, run.out, "Fine-tuned classifier: " + run.out.getFileName()));
    }
    return 0;
  }

  /** The defaults for the source's architecture (or the data's, from scratch), with the given flags applied. */
  private static FinetuneRecipe recipe(ParseResult pr) throws IOException {
    if (!pr.hasMatchedOption("--data") || !pr.hasMatchedOption("--from")) {
      throw new InvalidConfigException("--data and --from are required (or --resume)");
    }
    Path data = pr.matchedOptionValue("--data", null);
    String from = pr.matchedOptionValue("--from", null);
    Manifest m = PreparedDataset.readManifest(data);
    ModelConfig model = EncoderSource.architecture(EncoderStart.of(from), ModelConfig.defaults(m.shape()));
    if (pr.hasMatchedOption("--label-fraction") && pr.hasMatchedOption("--labels-per-class")) {
      throw new InvalidConfigException("--label-fraction and --labels-per-class exclude each other: give one");
    }
    return Flags.apply(FinetuneFlags.ALL, FinetuneRecipe.defaults(data, from, model), pr);
  }
}
