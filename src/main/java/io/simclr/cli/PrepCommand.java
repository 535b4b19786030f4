package io.simclr.cli;

import io.simclr.data.ImageFormat;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SourceFormat;
import io.simclr.data.Storage;
import io.simclr.prep.FolderPrep;
import io.simclr.prep.Labels;
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
      "Convert a dataset into a prepared directory of sharded TFRecord files.",
      "The directory holds TFRecord shards of tf.train.Example records, a record index beside each shard, and manifest.json (splits, counts, shape,",
      "storage, class names, SHA-256 of each shard). Folders are streamed: memory holds a few",
      "images per thread whatever the number of images.",
      "",
      "Formats:",
      "  fashion-mnist, mnist  IDX files in --input (default for fashion-mnist:",
      "                        /usr/share/datasets/fashion-mnist), gzipped or not",
      "  cifar10, cifar100     the binary version's directory: data_batch_*.bin and",
      "                        test_batch.bin (names from batches.meta.txt), or train.bin and",
      "                        test.bin (fine labels; names from fine_label_names.txt)",
      "  folder                images (PNG, JPEG, BMP, GIF, TIFF, ...) labelled by class folder",
      "                        (root/<class>/...) or unlabelled (any layout, --labels none);",
      "                        root/train and root/test give the splits, else --test-fraction",
      "                        holds out a seeded part as 'test'",
      "",
      "Storage:",
      "  raw      uint8 pixels at --size x --size (IDX and CIFAR always; folders by option)",
      "  encoded  the image file itself (folders, the default): JPEG as it came, PNG as it came",
      "           (or JPEG with --reencode jpeg), other formats re-encoded; kept at source",
      "           resolution or with the shorter side capped at --max-side. Training takes its",
      "           random crops from the full image and resizes them to --size.",
      "",
      "Examples: prep --format fashion-mnist --out data/fashion-mnist",
      "          prep --format folder --input photos --size 224 --max-side 320 --test-fraction 0.05 --out data/photos"
    })
public final class PrepCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--format", required = true, description = "${COMPLETION-CANDIDATES} (see formats).")
  SourceFormat format;

  @Option(names = "--input", description = "Input file directory (see formats).")
  Path input;

  @Option(names = "--out", required = true, description = "Prepared dataset directory to create.")
  Path out;

  @Option(names = "--size", defaultValue = "32",
      description = "folder: the training image side; raw storage resizes to SIZE x SIZE (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--storage", description = "raw or encoded (default: encoded for folders, raw otherwise).")
  Storage storage;

  @Option(names = "--max-side", defaultValue = "0",
      description = "folder, encoded: cap the shorter side of stored images at this many pixels; 0 = source "
          + "resolution (default ${DEFAULT-VALUE}).")
  int maxSide;

  @Option(names = "--reencode", defaultValue = "png",
      description = "folder, encoded: how sources that are not JPEG are stored: png (lossless) or jpeg "
          + "(quality 95) (default ${DEFAULT-VALUE}).")
  ImageFormat reencode;

  @Option(names = "--labels", defaultValue = "auto",
      description = "folder: ${COMPLETION-CANDIDATES}. auto: class folders when the folder holds only "
          + "sub-folders that hold images, else unlabelled (default ${DEFAULT-VALUE}).")
  Labels labels;

  @Option(names = "--grayscale", description = "folder: one channel (ITU-R 601 luma) instead of RGB.")
  boolean grayscale;

  @Option(names = "--strict", description = "folder: fail on an undecodable image instead of skipping it.")
  boolean strict;

  @Option(names = "--test-fraction", defaultValue = "0",
      description = "folder without train/test sub-folders: hold out this fraction as 'test' (default ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--holdout", defaultValue = "0", paramLabel = "N",
      description = "IDX and CIFAR: a validation set for choosing settings: the last N training images become the "
          + "'test' split, the first ones 'train', and the real test split is left out (default ${DEFAULT-VALUE}: off).")
  int holdout;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the --test-fraction split.")
  long seed;

  @Option(names = "--shard-size", defaultValue = "10000", description = "Records per TFRecord shard (default ${DEFAULT-VALUE}).")
  int shardSize;

  @Option(names = "--threads", description = "folder: images decoded at once (default: the number of cores).")
  Integer threads;

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
    if (holdout < 0) {
      throw new InvalidConfigException("--holdout must be >= 0, got " + holdout);
    }
    if (holdout > 0 && format == SourceFormat.FOLDER) {
      throw new InvalidConfigException("--holdout applies to IDX and CIFAR; for folders use --test-fraction");
    }
    Manifest m = format == SourceFormat.FOLDER ? folder() : fixedSize();
    StringBuilder counts = new StringBuilder();
    m.splits().forEach((k, v) -> counts.append(' ').append(k).append('=').append(v.count()));
    System.out.printf("prepared %s: %dx%dx%d, %s, %s,%s%n", out, m.height(), m.width(), m.channels(), m.storage(),
        m.labelled() ? m.classNames().size() + " classes" : "unlabelled", counts);
    return 0;
  }

  private Manifest folder() throws Exception {
    if (input == null) {
      throw new InvalidConfigException("--input is required for --format folder");
    }
    if (size < 1 || size > 4096) {
      throw new InvalidConfigException("--size must be in [1, 4096], got " + size);
    }
    if (maxSide < 0) {
      throw new InvalidConfigException("--max-side must be >= 0, got " + maxSide);
    }
    if (reencode != ImageFormat.PNG && reencode != ImageFormat.JPEG) {
      throw new InvalidConfigException("--reencode must be png or jpeg, got " + reencode);
    }
    Storage s = storage == null ? Storage.ENCODED : storage;
    if (s == Storage.RAW && maxSide != 0) {
      throw new InvalidConfigException("--max-side applies to --storage encoded (raw storage resizes to --size)");
    }
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw new InvalidConfigException("--threads must be >= 1, got " + n);
    }
    return FolderPrep.prepare(input, out, new FolderPrep.Options(size, grayscale ? 1 : 3, s, maxSide, reencode,
        labels, testFraction, seed, strict, shardSize, n), Overwrite.force(force), System.err);
  }

  private Manifest fixedSize() throws Exception {
    if (storage == Storage.ENCODED) {
      throw new InvalidConfigException("--storage encoded applies to folders; " + format + " is stored raw");
    }
    SourceFormat.Splits read = format.read(input);
    if (holdout != 0) {
      read = read.holdout(holdout);
    }
    return PreparedDataset.write(read.splits(), out, read.source(), shardSize, Overwrite.force(force));
  }
}
