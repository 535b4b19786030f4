package io.simclr.cli;

import io.simclr.data.CifarReader;
import io.simclr.data.DataFormatException;
import io.simclr.data.IdxReader;
import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageSet;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SplitSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Option(names = "--format", required = true,
      description = "fashion-mnist, mnist, cifar10, cifar100 or folder.")
  String format;

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
      throw new IllegalArgumentException("--shard-size must be positive");
    }
    Map<String, ImageSet> splits = new LinkedHashMap<>();
    String source;
    switch (format) {
      case "fashion-mnist", "mnist" -> {
        Path dir = input != null ? input
            : format.equals("fashion-mnist") ? Path.of("/usr/share/datasets/fashion-mnist") : null;
        if (dir == null) {
          throw new IllegalArgumentException("--input is required for mnist");
        }
        List<String> names = format.equals("mnist") ? IdxReader.MNIST_CLASSES : IdxReader.FASHION_MNIST_CLASSES;
        splits.put("train", IdxReader.read(idx(dir, "train-images-idx3-ubyte"), idx(dir, "train-labels-idx1-ubyte"), names));
        splits.put("test", IdxReader.read(idx(dir, "t10k-images-idx3-ubyte"), idx(dir, "t10k-labels-idx1-ubyte"), names));
        source = format + ":" + dir.toAbsolutePath();
      }
      case "cifar10", "cifar100" -> {
        Path dir = requireInput();
        CifarReader.Variant v = format.equals("cifar10") ? CifarReader.Variant.CIFAR10 : CifarReader.Variant.CIFAR100;
        List<String> names = CifarReader.classNames(dir, v);
        splits.put("train", CifarReader.read(CifarReader.trainFiles(dir, v), v, names));
        splits.put("test", CifarReader.read(CifarReader.testFiles(dir, v), v, names));
        source = format + ":" + dir.toAbsolutePath();
      }
      case "folder" -> {
        Path root = requireInput();
        ImageFolderReader reader = new ImageFolderReader(size, grayscale ? 1 : 3, strict, System.err);
        if (Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"))) {
          List<String> classes = ImageFolderReader.classFolders(root.resolve("train"));
          splits.put("train", reader.read(root.resolve("train"), classes));
          splits.put("test", reader.read(root.resolve("test"), classes));
        } else {
          ImageSet all = reader.read(root, ImageFolderReader.classFolders(root));
          splits.putAll(SplitSampler.split(all, testFraction, seed));
        }
        if (reader.skipped() > 0) {
          System.err.println("warning: skipped " + reader.skipped() + " unreadable image(s); --strict fails instead");
        }
        source = "folder:" + root.toAbsolutePath();
      }
      default -> throw new IllegalArgumentException(
          "unknown --format '" + format + "' (fashion-mnist, mnist, cifar10, cifar100, folder)");
    }
    Manifest m = PreparedDataset.write(splits, out, source, shardSize, force);
    StringBuilder counts = new StringBuilder();
    m.splits().forEach((k, v) -> counts.append(' ').append(k).append('=').append(v.count()));
    System.out.printf("prepared %s: %dx%dx%d, %d classes,%s%n",
        out, m.height(), m.width(), m.channels(), m.classNames().size(), counts);
    return 0;
  }

  private Path requireInput() {
    if (input == null) {
      throw new IllegalArgumentException("--input is required for --format " + format);
    }
    return input;
  }

  /** The IDX file {@code base} in {@code dir}, gzipped or not. */
  private static Path idx(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    Path plain = dir.resolve(base);
    if (Files.exists(plain)) {
      return plain;
    }
    if (Files.exists(gz)) {
      return gz;
    }
    throw new DataFormatException(plain, "no such file (nor " + gz.getFileName() + ")");
  }
}
