package io.simclr.cli;

import io.simclr.augment.AugmentConfig;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.model.ModelConfig;
import io.simclr.optim.OptimizerConfig;
import io.simclr.train.PretrainConfig;
import io.simclr.train.Pretrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Train an encoder with SimCLR on a prepared dataset (see 'prep').",
      "The run directory gets run.json (config + provenance), metrics.jsonl, tensorboard/",
      "and checkpoints/ckpt-<step>/. --resume continues a run from its latest checkpoint with",
      "its recorded config, drawing the same batches and augmentations as an uninterrupted run.",
      "A completed run also exports its encoder to <out>/saved-model (see 'export').",
      "",
      "Example: pretrain --data data/fashion-mnist --out runs/fm --encoder resnet-small --epochs 20"
    })
public final class PretrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--data", description = "Prepared dataset directory (its 'train' split is used).")
  Path data;

  @Option(names = "--out", required = true, description = "Run directory to create (or to resume).")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint; other options are ignored.")
  boolean resume;

  @Option(names = "--encoder", defaultValue = "resnet-small", description = "resnet-small, resnet18, resnet34, resnet50 (default ${DEFAULT-VALUE}).")
  String encoder;

  @Option(names = "--width-multiplier", defaultValue = "1", description = "Channel width multiplier (default ${DEFAULT-VALUE}).")
  int widthMultiplier;

  @Option(names = "--stem", defaultValue = "auto", description = "auto (CIFAR stem up to 64 px), cifar or imagenet (default ${DEFAULT-VALUE}).")
  String stem;

  @Option(names = "--head-layers", defaultValue = "2", description = "Projection head layers, 2 or 3 (default ${DEFAULT-VALUE}).")
  int headLayers;

  @Option(names = "--head-hidden", defaultValue = "0", description = "Hidden width of the head; 0 = encoder width (default ${DEFAULT-VALUE}).")
  int headHidden;

  @Option(names = "--projection-dim", defaultValue = "128", description = "Projection output size (default ${DEFAULT-VALUE}).")
  int projectionDim;

  @Option(names = "--batch-size", defaultValue = "256", description = "Images per step; each gives 2 views (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--epochs", defaultValue = "100", description = "Epochs over the training split (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--steps", defaultValue = "0", description = "Total steps; overrides --epochs when > 0.")
  long steps;

  @Option(names = "--optimizer", defaultValue = "lars", description = "lars, sgd (momentum) or adam (default ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", defaultValue = "0.2", description = "Reference learning rate before scaling (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--lr-scaling", defaultValue = "sqrt", description = "linear (lr*B/256), sqrt (lr*sqrt(B)) or none (default ${DEFAULT-VALUE}).")
  String lrScaling;

  @Option(names = "--warmup-epochs", defaultValue = "10", description = "Linear warm-up (capped at 10%% of the run) before cosine decay (default ${DEFAULT-VALUE}).")
  double warmupEpochs;

  @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum for lars and sgd (default ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Weight decay on weights, not biases or BN (default ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--trust-coefficient", defaultValue = "0.001", description = "LARS eta (default ${DEFAULT-VALUE}).")
  double trustCoefficient;

  @Option(names = "--temperature", defaultValue = "0.2", description = "NT-Xent temperature (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--crop-min-area", defaultValue = "0.08", description = "Smallest crop area fraction (default ${DEFAULT-VALUE}).")
  double cropMinArea;

  @Option(names = "--crop-max-area", defaultValue = "1.0", description = "Largest crop area fraction (default ${DEFAULT-VALUE}).")
  double cropMaxArea;

  @Option(names = "--aspect-min", defaultValue = "0.75", description = "Smallest crop aspect ratio (default ${DEFAULT-VALUE}).")
  double aspectMin;

  @Option(names = "--aspect-max", defaultValue = "1.3333333333333333", description = "Largest crop aspect ratio (default 4/3).")
  double aspectMax;

  @Option(names = "--flip-prob", defaultValue = "0.5", description = "Horizontal flip probability (default ${DEFAULT-VALUE}).")
  double flipProb;

  @Option(names = "--jitter-prob", defaultValue = "0.8", description = "Colour jitter probability (default ${DEFAULT-VALUE}).")
  double jitterProb;

  @Option(names = "--jitter-strength", defaultValue = "0.5", description = "Colour jitter strength s (default ${DEFAULT-VALUE}; 1.0 for ImageNet).")
  double jitterStrength;

  @Option(names = "--gray-prob", defaultValue = "0.2", description = "Grayscale probability, RGB only (default ${DEFAULT-VALUE}).")
  double grayProb;

  @Option(names = "--blur-prob", description = "Gaussian blur probability (default 0.5 above 32 px, else 0).")
  Double blurProb;

  @Option(names = "--blur-sigma-min", defaultValue = "0.1", description = "Smallest blur sigma in pixels (default ${DEFAULT-VALUE}).")
  double blurSigmaMin;

  @Option(names = "--blur-sigma-max", defaultValue = "2.0", description = "Largest blur sigma in pixels (default ${DEFAULT-VALUE}).")
  double blurSigmaMax;

  @Option(names = "--seed", defaultValue = "0", description = "Run seed: init, shuffling, augmentation (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--checkpoint-every", defaultValue = "500", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--keep-checkpoints", defaultValue = "3", description = "Checkpoints kept (default ${DEFAULT-VALUE}).")
  int keepCheckpoints;

  @Option(names = "--log-every", defaultValue = "10", description = "Steps between metric lines (default ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--device", defaultValue = "auto",
      description = "auto (GPU:0 when visible, else CPU), cpu, or gpu (GPU build; fails if any op cannot run there) (default ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--data-on-device", description = "Keep the whole training set in a graph variable (on the GPU with --device gpu); a step then sends only batch indices.")
  boolean dataOnDevice;

  @Option(names = "--log-device-placement", description = "Log the device of every op (TensorFlow's own log, on stderr).")
  boolean logDevicePlacement;

  @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads; 0 = all cores (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--inter-op-threads", defaultValue = "0", description = "Inter-op threads; 0 = TensorFlow's choice (default ${DEFAULT-VALUE}).")
  int interOpThreads;

  @Option(names = "--no-export", description = "Do not export <out>/saved-model when the run completes.")
  boolean noExport;

  @Option(names = "--stop-after", defaultValue = "0", description = "Stop (with a checkpoint) after this many steps of this invocation; 0 = run to the end.")
  long stopAfter;

  @Override
  public Integer call() throws Exception {
    if (logDevicePlacement) {
      System.setProperty(Pretrainer.LOG_PLACEMENT_PROPERTY, "true");
    }
    Pretrainer.Outcome o;
    if (resume) {
      o = Pretrainer.resume(out, stopAfter, System.err);
    } else {
      if (data == null) {
        throw new IllegalArgumentException("--data is required (or --resume)");
      }
      o = Pretrainer.start(config(), out, stopAfter, System.err);
    }
    if (o.interrupted()) {
      // stopped by a signal: the loop has said where it stopped, and the JVM is exiting
      return 130;
    }
    System.out.printf("pretrain %s: step %d/%d, loss %.4f, contrastive accuracy %.3f, checkpoint %s%n",
        out, o.step(), o.totalSteps(), o.loss(), o.accuracy(), o.checkpoint());
    if (o.step() >= o.totalSteps() && !noExport) {
      Path model = out.resolve("saved-model");
      io.simclr.export.RunExport.export(out, null, model, true);
      System.out.println("exported the encoder to " + model);
    }
    return 0;
  }

  PretrainConfig config() throws java.io.IOException {
    Manifest m = PreparedDataset.readManifest(data);
    ModelConfig model = new ModelConfig(encoder, widthMultiplier, stem, headLayers, headHidden,
        projectionDim, m.height(), m.width(), m.channels());
    AugmentConfig d = AugmentConfig.defaults(Math.min(m.height(), m.width()));
    AugmentConfig aug = new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax,
        flipProb, jitterProb, jitterStrength, grayProb, blurProb != null ? blurProb : d.blurProb(),
        blurSigmaMin, blurSigmaMax);
    return new PretrainConfig(data.toAbsolutePath().toString(), model, aug,
        new OptimizerConfig(optimizer, momentum, weightDecay, trustCoefficient),
        batchSize, epochs, steps, lr, lrScaling, warmupEpochs, temperature, seed,
        checkpointEvery, keepCheckpoints, logEvery, device, threads, interOpThreads, dataOnDevice);
  }
}
