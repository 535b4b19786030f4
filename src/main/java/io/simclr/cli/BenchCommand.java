package io.simclr.cli;

import io.simclr.bench.AugmentationBenchmark;
import io.simclr.bench.CeilingBenchmark;
import io.simclr.bench.MemoryBenchmark;
import io.simclr.bench.OpProfile;
import io.simclr.bench.TrainStepBenchmark;
import io.simclr.data.ImageShape;
import io.simclr.model.Encoder;
import io.simclr.runtime.Precision;
import io.simclr.runtime.SessionConfigs;
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
      "Measure training-step throughput (views/s) for encoders and batch sizes on random data,",
      "the augmentation's share of a step, achieved FLOP/s against TensorFlow's own MatMul and",
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

  @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or bf16 (see pretrain --help) (default ${DEFAULT-VALUE}).")
  Precision precision;

  @Option(names = "--profile", description = "Instead: trace --steps steps per configuration and print where the time goes, by op kind.")
  boolean profile;

  @Option(names = "--memory-steps", defaultValue = "0",
      description = "Instead: run this many resnet-small steps (batch 32, --side, --channels) and print RSS every tenth.")
  int memorySteps;

  @Override
  public Integer call() {
    ImageShape shape = new ImageShape(side, side, channels);
    if (memorySteps > 0) {
      double growth = MemoryBenchmark.run(BenchSteps.pretrain(Encoder.RESNET_SMALL, 32, shape, 0.05), memorySteps, System.out);
      System.out.printf("%nRSS growth from the first report to the last: %.0f MiB%n", growth);
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
    CeilingBenchmark.Result ceiling = CeilingBenchmark.run(threads, 3);
    System.out.printf("ceiling: MatMul 2048^3 %.1f GFLOP/s, Conv2D 3x3 128->128 @32x32 %.1f GFLOP/s%n%n",
        ceiling.matmulFlops() / 1e9, ceiling.convFlops() / 1e9);
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
    OpProfile p = TrainStepBenchmark.profile(BenchSteps.pretrain(e, b, shape, 0.1), steps, config());
    System.out.printf("%n%s, batch %d, %s: summed op time %.0f ms per step%n", e, b, shape, p.totalPerStep() / 1e3);
    System.out.println("| op kind | ms per step | share |");
    System.out.println("|---|---:|---:|");
    p.perStep().forEach((k, us) -> System.out.printf("| %s | %.1f | %.1f%% |%n", k, us / 1e3, 100 * us / p.totalPerStep()));
    System.out.println("\ntop op types: ");
    p.topTypes(8).forEach(t -> System.out.printf("  %s %.1f ms%n", t.getKey(), t.getValue() / 1e3));
    System.out.flush();
  }
}
