package io.simclr.data;

import com.fasterxml.jackson.annotation.JsonValue;
import io.simclr.util.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The raw dataset formats {@code prep} reads, each into a "train" and a "test" split. */
public enum SourceFormat {
  FASHION_MNIST("fashion-mnist"),
  MNIST("mnist"),
  CIFAR10("cifar10"),
  CIFAR100("cifar100"),
  FOLDER("folder");

  /** Where Debian's {@code dataset-fashion-mnist} package puts the IDX files. */
  public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private final String label;

  SourceFormat(String label) {
    this.label = label;
  }

  /** The splits, keyed "train" and "test", and a description of where they came from. */
  public record Splits(Map<String, ImageSet> splits, String source) {
    /**
     * A validation layout: the last {@code n} training images as "test", the others as "train";
     * the real test split is dropped, so nothing chosen on this data has seen it.
     */
    public Splits holdout(int n) {
      ImageSet train = splits.get("train");
      InvalidConfigException.check(n < train.size(), "--holdout " + n + " leaves no training images of the "
          + train.size() + " in " + source);
      int kept = train.size() - n;
      Map<String, ImageSet> out = new LinkedHashMap<>();
      out.put("train", train.range(0, kept));
      out.put("test", train.range(kept, n));
      return new Splits(out, source + " (train split only: its last " + n + " images held out as 'test')");
    }
  }

  /**
   * Reads the fixed-size formats (IDX, CIFAR) from {@code input} ({@code null}: the format's
   * default location, if it has one) into memory; folders are streamed by {@code prep.FolderPrep}.
   */
  public Splits read(Path input) throws IOException {
    Path dir = input != null ? input : this == FASHION_MNIST ? DEBIAN_FASHION_MNIST : null;
    if (dir == null) {
      throw new InvalidConfigException("--input is required for --format " + label);
    }
    Map<String, ImageSet> splits = new LinkedHashMap<>();
    switch (this) {
      case FASHION_MNIST, MNIST -> {
        List<String> names = this == MNIST ? IdxReader.MNIST_CLASSES : IdxReader.FASHION_MNIST_CLASSES;
        splits.put("train", IdxReader.read(idx(dir, "train-images-idx3-ubyte"), idx(dir, "train-labels-idx1-ubyte"), names));
        splits.put("test", IdxReader.read(idx(dir, "t10k-images-idx3-ubyte"), idx(dir, "t10k-labels-idx1-ubyte"), names));
      }
      case CIFAR10, CIFAR100 -> {
        CifarReader.Variant v = this == CIFAR10 ? CifarReader.Variant.CIFAR10 : CifarReader.Variant.CIFAR100;
        List<String> names = CifarReader.classNames(dir, v);
        splits.put("train", CifarReader.read(CifarReader.trainFiles(dir, v), v, names));
        splits.put("test", CifarReader.read(CifarReader.testFiles(dir, v), v, names));
      }
      case FOLDER -> throw new IllegalStateException("folders are streamed, not read into memory");
    }
    return new Splits(splits, label + ":" + dir.toAbsolutePath());
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

  @JsonValue
  @Override
  public String toString() {
    return label;
  }
}
