package io.simclr.data;

import io.simclr.util.ImageShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 / CIFAR-100 binary batches. A record is the label byte(s) then 3072 bytes of planar
 * (CHW) 32x32 RGB; we store HWC like every other reader.
 */
public final class CifarReader {
  public enum Variant {
    CIFAR10(1, 10, "batches.meta.txt"),
    CIFAR100(2, 100, "fine_label_names.txt");

    final int labelBytes;
    final int numClasses;
    final String labelFile;

    Variant(int labelBytes, int numClasses, String labelFile) {
      this.labelBytes = labelBytes;
      this.numClasses = numClasses;
      this.labelFile = labelFile;
    }
  }

  private static final int SIDE = 32;
  private static final int PLANE = SIDE * SIDE;
  private static final ImageShape SHAPE = new ImageShape(SIDE, SIDE, 3);

  private CifarReader() {}

  /** Train and test file names of the standard distribution inside {@code dir}. */
  public static List<Path> trainFiles(Path dir, Variant v) {
    if (v == Variant.CIFAR100) {
      return List.of(dir.resolve("train.bin"));
    }
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      files.add(dir.resolve("data_batch_" + i + ".bin"));
    }
    return files;
  }

  public static List<Path> testFiles(Path dir, Variant v) {
    return List.of(dir.resolve(v == Variant.CIFAR100 ? "test.bin" : "test_batch.bin"));
  }

  /** Class names from the distribution's label file when present, else "0".."N-1". */
  public static List<String> classNames(Path dir, Variant v) throws IOException {
    Path file = dir.resolve(v.labelFile);
    List<String> names = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      if (names.size() != v.numClasses) {
        throw new DataFormatException(
            file, "lists " + names.size() + " class names, expected " + v.numClasses);
      }
      return names;
    }
    for (int i = 0; i < v.numClasses; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  public static ImageSet read(List<Path> files, Variant v, List<String> classNames)
      throws IOException {
    int recordBytes = v.labelBytes + 3 * PLANE;
    List<byte[]> contents = new ArrayList<>();
    long total = 0;
    for (Path f : files) {
      Inputs.requireFile(f);
      long size = Files.size(f);
      if (size == 0 || size % recordBytes != 0) {
        throw new DataFormatException(
            f, "size " + size + " is not a positive multiple of the " + recordBytes
                + "-byte " + v + " record (truncated or wrong format)");
      }
      total += size / recordBytes;
      contents.add(Files.readAllBytes(f));
    }
    int n = Math.toIntExact(total);
    byte[] pixels = new byte[n * SHAPE.pixelsPerImage()];
    int[] labels = new int[n];
    int i = 0;
    for (int fi = 0; fi < files.size(); fi++) {
      byte[] data = contents.get(fi);
      for (int off = 0; off < data.length; off += recordBytes, i++) {
        // CIFAR-100 records carry (coarse, fine); we use the fine label.
        int label = data[off + v.labelBytes - 1] & 0xff;
        if (label >= v.numClasses) {
          throw new DataFormatException(
              files.get(fi), "label " + label + " in record " + (off / recordBytes)
                  + " out of range [0, " + v.numClasses + ")");
        }
        labels[i] = label;
        int src = off + v.labelBytes;
        int dst = i * SHAPE.pixelsPerImage();
        for (int p = 0; p < PLANE; p++) {
          pixels[dst + 3 * p] = data[src + p];
          pixels[dst + 3 * p + 1] = data[src + PLANE + p];
          pixels[dst + 3 * p + 2] = data[src + 2 * PLANE + p];
        }
      }
    }
    return new ImageSet(pixels, labels, SHAPE, classNames);
  }
}
