package io.simclr.cli;

import io.simclr.bench.AugmentationBenchmark;
import io.simclr.bench.CeilingBenchmark;
import io.simclr.bench.MemoryBenchmark;
import io.simclr.bench.OpProfile;
import io.simclr.bench.SyntheticImages;
import io.simclr.bench.TrainStepBenchmark;
import io.simclr.config.DataLoading;
import io.simclr.config.RunOptions;
import io.simclr.data.ImageFormat;
import io.simclr.model.Encoder;
import io.simclr.runtime.OneDnn;
import io.simclr.runtime.Precision;
import io.simclr.runtime.SessionConfigs;
import io.simclr.train.InputBench;
import io.simclr.util.ImageShape;
import io.simclr.util.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tensorflow.proto.ConfigProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Measure training-step throughput and memory on random data.",
      "For encoders and batch sizes: views/s, the augmentation's share of a step, achieved FLOP/s against TensorFlow's own MatMul and",
      "Conv2D FLOP/s on this machine, and resident memory. Prints a Markdown table.",
      "",
      "Example: bench --encoder resnet-small --encoder resnet18 --batch 64 --batch 256 --side 32"
    })
public final class BenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--encoder", description = "Encoders (repeatable; default resnet-small and resnet18).")
  List<Encoder> encoders = List.of(Encoder.RESNET_SMALL, Encoder.RESNET18);

  @Option(names = "--batch", description = "Batch sizes in images (repeatable; default 64 and 256).")
  List<Integer> batches = List.of(64, 256);

  @Option(names = "--side", defaultValue = "32", description = "Image side (default ${DEFAULT-VALUE}).")
  int side;

  @Option(names = "--channels", defaultValue = "3", description = "Image channels (default ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--steps", defaultValue = "5", description = "Timed steps per configuration (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads, 0 = all cores (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--precision", defaultValue = "auto",
      description = "auto, fp32 or bf16, as pretrain --precision; the step is reported against the ceiling of its "
          + "own precision (default ${DEFAULT-VALUE}).")
  Precision precision;

  @Option(names = "--augmentation",
      description = "Instead: the in-graph augmentation alone (two views of a fed uint8 batch, the default recipe "
          + "for --side), ms per batch for each --batch over --steps runs.")
  boolean augmentationOnly;

  @Option(names = "--profile", description = "Instead: trace --steps steps per configuration and print where the time goes, by op kind.")
  boolean profile;

  @Option(names = "--input", paramLabel = "DATA",
      description = "Instead: the training input pipeline alone on a prepared dataset (read, decode, crop, feed; "
          + "then with the in-graph augmentation too), images/s for --batch and --steps, with --input-threads and "
          + "--data-loading as pretrain takes them.")
  Path input;

  @Option(names = "--input-threads", defaultValue = "0", description = "With --input: reader and decoder threads; "
      + "0 = all cores (default ${DEFAULT-VALUE}).")
  int inputThreads;

  @Option(names = "--data-loading", defaultValue = "auto", description = "With --input: auto, memory or stream "
      + "(default ${DEFAULT-VALUE}).")
  DataLoading dataLoading;

  @Option(names = "--generate-images", paramLabel = "DIR",
      description = "Instead: write --count generated photo-like images (--min-side..--max-side pixels, JPEG or "
          + "--image-format png) into DIR, in --classes class folders (0: flat), for input benchmarks.")
  Path generate;

  @Option(names = "--count", defaultValue = "10000", description = "With --generate-images (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--min-side", defaultValue = "256", description = "With --generate-images (default ${DEFAULT-VALUE}).")
  int minSide;

  @Option(names = "--max-side", defaultValue = "500", description = "With --generate-images (default ${DEFAULT-VALUE}).")
  int maxSide;

  @Option(names = "--classes", defaultValue = "0", description = "With --generate-images (default ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--image-format", defaultValue = "jpeg", description = "With --generate-images: jpeg or png "
      + "(default ${DEFAULT-VALUE}).")
  ImageFormat imageFormat;

  @Option(names = "--memory-steps", defaultValue = "0",
      description = "Instead: run this many resnet-small steps (batch 32, --side, --channels) and print RSS every tenth.")
  int memorySteps;

  @Override
  public Integer call() throws Exception {
    if (precision == Precision.AUTO) {
      // bench may force bf16 where it is slow (to measure that); auto decides as pretrain does
      precision = RunOptions.defaults().withIntraOpThreads(threads).withPrecisionResolved().precision();
    }
    if (generate != null) {
      if (count < 1 || minSide < 1 || maxSide < minSide || classes < 0
          || (imageFormat != ImageFormat.JPEG && imageFormat != ImageFormat.PNG)) {
        throw new InvalidConfigException("--generate-images needs --count >= 1, 1 <= --min-side <= --max-side, "
            + "--classes >= 0 and --image-format jpeg or png");
      }
      SyntheticImages.write(generate, new SyntheticImages.Spec(count, minSide, maxSide, classes, imageFormat, 0),
          Runtime.getRuntime().availableProcessors(), System.err);
      System.out.printf("generated %d images in %s%n", count, generate);
      return 0;
    }
    if (input != null) {
      RunOptions o = RunOptions.defaults().withIntraOpThreads(threads).withPrecision(precision)
          .withInputThreads(inputThreads).withDataLoading(dataLoading);
      System.out.println("| data | storage | loading | batch | input threads | read+decode+crop+feed img/s | with in-graph augmentation img/s |");
      System.out.println("|---|---|---|---:|---:|---:|---:|");
      for (int b : batches) {
        InputBench.Result r = InputBench.run(input, b, steps, o, System.err);
        System.out.printf("| %s | %s | %s | %d | %d | %.0f | %.0f |%n", input.getFileName(), r.storage(),
            r.streamed() ? "stream" : "memory", b, o.inputThreadCount(), r.hostImagesPerSecond(),
            r.augmentedImagesPerSecond());
      }
      return 0;
    }
    ImageShape shape = new ImageShape(side, side, channels);
    if (memorySteps > 0) {
      double growth = MemoryBenchmark.run(BenchSteps.pretrain(Encoder.RESNET_SMALL, 32, shape, 0.05), memorySteps, System.out);
      System.out.printf("%nRSS growth from the first report to the last: %.0f MiB%n", growth);
      return 0;
    }
    if (augmentationOnly) {
      System.out.println("| batch | image | ms per batch (two views) | views/s |");
      System.out.println("|---:|---|---:|---:|");
      for (int b : batches) {
        double secs = AugmentationBenchmark.graphSeconds(b, shape, steps, config());
        System.out.printf("| %d | %s | %.1f | %.0f |%n", b, shape, secs * 1e3, 2 * b / secs);
      }
      return 0;
    }
    if (profile) {
      for (Encoder e : encoders) {
        for (int b : batches) {
          printProfile(e, b, shape);
        }
      }
      return 0;
    }
    int augBatch = 256;
    var aug = TrainStepBenchmark.run(BenchSteps.pretrain(Encoder.RESNET_SMALL, augBatch, shape, 0.1), steps, config());
    var cmp = AugmentationBenchmark.run(aug.augmentSeconds(), augBatch, side, channels, steps);
    System.out.printf("augmentation (%s, batch %d, two views): in-graph %.0f views/s, Java per-pixel (1 thread) %.0f views/s, ratio %.1fx%n",
        shape, augBatch, cmp.graphViewsPerSecond(), cmp.javaViewsPerSecond(), cmp.ratio());
    CeilingBenchmark.Result ceiling = CeilingBenchmark.run(threads, 3, Precision.FP32);
    System.out.printf("ceiling fp32: MatMul 2048^3 %.1f GFLOP/s, Conv2D 3x3 128->128 @32x32 %.1f GFLOP/s%n",
        ceiling.matmulFlops() / 1e9, ceiling.convFlops() / 1e9);
    String bf16Problem = OneDnn.bf16Problem();
    Precision ceilingPrecision = Precision.FP32;
    if (bf16Problem == null) {
      CeilingBenchmark.Result bf16 = CeilingBenchmark.run(threads, 3, Precision.BF16);
      System.out.printf("ceiling bf16: MatMul 2048^3 %.1f GFLOP/s, Conv2D 3x3 128->128 @32x32 %.1f GFLOP/s%n",
          bf16.matmulFlops() / 1e9, bf16.convFlops() / 1e9);
      if (precision == Precision.BF16) {
        ceiling = bf16;
        ceilingPrecision = Precision.BF16;
      }
    } else {
      System.out.println("ceiling bf16: not measured, " + bf16Problem.replace("--precision bf16 needs", "it needs"));
    }
    System.out.printf("steps in %s, against the %s Conv2D ceiling%n%n", precision, ceilingPrecision);
    System.out.println("| encoder | batch | image | s/step | views/s | augment s | augment share | GFLOP/s | of Conv2D ceiling | RSS MiB |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Encoder e : encoders) {
      for (int b : batches) {
        var r = TrainStepBenchmark.run(BenchSteps.pretrain(e, b, shape, 0.1), steps, config());
        System.out.printf("| %s | %d | %s | %.3f | %.0f | %.3f | %.1f%% | %.1f | %.0f%% | %.0f |%n",
            e, b, shape, r.secondsPerStep(), r.viewsPerSecond(), r.augmentSeconds(),
            100 * r.augmentSeconds() / r.secondsPerStep(), r.trainFlopsPerSecond() / 1e9,
            100 * r.trainFlopsPerSecond() / ceiling.convFlops(), r.rssMiB());
        System.out.flush();
      }
    }
    return 0;
  }

  private ConfigProto config() {
    return precision.apply(SessionConfigs.threads(threads, 0));
  }

  private void printProfile(Encoder e, int b, ImageShape shape) {
    OpProfile p = TrainStepBenchmark.profile(BenchSteps.pretrain(e, b, shape, 0.1), steps, config(),
        TrainStepBenchmark.Part.STEP);
    System.out.printf("%n%s, batch %d, %s: summed op time %.0f ms per step%n", e, b, shape, p.totalPerStep() / 1e3);
    System.out.println("| op kind | ms per step | share |");
    System.out.println("|---|---:|---:|");
    p.perStep().forEach((k, us) -> System.out.printf("| %s | %.1f | %.1f%% |%n", k, us / 1e3, 100 * us / p.totalPerStep()));
    System.out.println("\ntop op types: ");
    p.topTypes(8).forEach(t -> System.out.printf("  %s %.1f ms%n", t.getKey(), t.getValue() / 1e3));
    OpProfile a = TrainStepBenchmark.profile(BenchSteps.pretrain(e, b, shape, 0.1), steps, config(),
        TrainStepBenchmark.Part.AUGMENTATION);
    System.out.printf("%naugmentation alone: summed op time %.1f ms per step; top op types:%n", a.totalPerStep() / 1e3);
    a.topTypes(10).forEach(t -> System.out.printf("  %s %.1f ms%n", t.getKey(), t.getValue() / 1e3));
    System.out.flush();
  }
}
