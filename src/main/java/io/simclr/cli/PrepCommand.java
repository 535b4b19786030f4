package io.simclr.cli;

import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SourceFormat;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "prep",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Convert a dataset into a prepared directory: sharded TFRecord files of",
      "tf.train.Example records (raw uint8 pixels, height, width, channels, label) plus",
      "manifest.json (splits, counts, shape, class names, SHA-256 of each shard).",
      "",
      "Formats:",
      "  fashion-mnist, mnist  IDX files in --input (default for fashion-mnist:",
      "                        /usr/share/datasets/fashion-mnist), gzipped or not",
      "  cifar10, cifar100     the binary version's directory: data_batch_*.bin and",
      "                        test_batch.bin (names from batches.meta.txt), or train.bin and",
      "                        test.bin (fine labels; names from fine_label_names.txt)",
      "  folder                root/<class>/<image> (PNG, JPEG, BMP, GIF, TIFF), or",
      "                        root/train/<class> and root/test/<class>; else --test-fraction",
      "                        holds out a seeded part as 'test'",
      "",
      "Example: prep --format fashion-mnist --out data/fashion-mnist"
    })
public final class PrepCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--format", required = true, description = "${COMPLETION-CANDIDATES} (see formats).")
  SourceFormat format;

  @Option(names = "--input", description = "Input file directory (see formats).")
  Path input;

  @Option(names = "--out", required = true, description = "Prepared dataset directory to create.")
  Path out;

  @Option(names = "--size", defaultValue = "32", description = "folder: resize to SIZE x SIZE (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--grayscale", description = "folder: store one channel instead of RGB.")
  boolean grayscale;

  @Option(names = "--strict", description = "folder: fail on an undecodable image instead of skipping it.")
  boolean strict;

  @Option(names = "--test-fraction", defaultValue = "0",
      description = "folder without train/test sub-folders: hold out this fraction as 'test' (default ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the --test-fraction split.")
  long seed;

  @Option(names = "--shard-size", defaultValue = "10000", description = "Records per TFRecord shard (default ${DEFAULT-VALUE}).")
  int shardSize;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (shardSize <= 0) {
      throw new InvalidConfigException("--shard-size must be positive, got " + shardSize);
    }
    if (testFraction < 0 || testFraction >= 1) {
      throw new InvalidConfigException("--test-fraction must be in [0, 1), got " + testFraction);
    }
    SourceFormat.Splits read = format.read(input,
        new SourceFormat.FolderOptions(size, grayscale ? 1 : 3, strict, testFraction, seed), System.err);
    Manifest m = PreparedDataset.write(read.splits(), out, read.source(), shardSize, Overwrite.force(force));
    StringBuilder counts = new StringBuilder();
    m.splits().forEach((k, v) -> counts.append(' ').append(k).append('=').append(v.count()));
    System.out.printf("prepared %s: %dx%dx%d, %d classes,%s%n",
        out, m.height(), m.width(), m.channels(), m.classNames().size(), counts);
    return 0;
  }
}
