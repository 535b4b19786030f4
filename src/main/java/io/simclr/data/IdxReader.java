package io.simclr.data;

import io.simclr.util.ImageShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** MNIST-style IDX files (images: magic 0x803, labels: magic 0x801), gzipped or plain. */
public final class IdxReader {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  /** Refuse absurd headers before allocating anything. */
  private static final int MAX_SIDE = 4096;

  public static final List<String> FASHION_MNIST_CLASSES =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  public static final List<String> MNIST_CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  private IdxReader() {}

  public static ImageSet read(Path imagesFile, Path labelsFile, List<String> classNames)
      throws IOException {
    byte[] images = Inputs.readMaybeGzipped(imagesFile);
    byte[] labels = Inputs.readMaybeGzipped(labelsFile);
    if (images.length < 16) {
      throw new DataFormatException(imagesFile, "too short for an IDX image header");
    }
    if (labels.length < 8) {
      throw new DataFormatException(labelsFile, "too short for an IDX label header");
    }
    ByteBuffer ib = ByteBuffer.wrap(images);
    ByteBuffer lb = ByteBuffer.wrap(labels);
    int im = ib.getInt();
    if (im != IMAGES_MAGIC) {
      throw new DataFormatException(
          imagesFile, String.format("bad IDX image magic 0x%08x (expected 0x%08x)", im, IMAGES_MAGIC));
    }
    int lm = lb.getInt();
    if (lm != LABELS_MAGIC) {
      throw new DataFormatException(
          labelsFile, String.format("bad IDX label magic 0x%08x (expected 0x%08x)", lm, LABELS_MAGIC));
    }
    int count = ib.getInt();
    int rows = ib.getInt();
    int cols = ib.getInt();
    if (count < 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
      throw new DataFormatException(
          imagesFile, "implausible header: " + count + " images of " + rows + "x" + cols);
    }
    long expected = 16L + (long) count * rows * cols;
    if (images.length != expected) {
      throw new DataFormatException(
          imagesFile,
          (images.length < expected ? "truncated" : "trailing data")
              + ": header declares " + count + " images of " + rows + "x" + cols
              + " (" + expected + " bytes), file has " + images.length);
    }
    int labelCount = lb.getInt();
    if (labelCount != count) {
      throw new DataFormatException(
          labelsFile, "declares " + labelCount + " labels but " + imagesFile + " has " + count + " images");
    }
    if (labels.length != 8L + count) {
      throw new DataFormatException(
          labelsFile, "truncated: expected " + (8L + count) + " bytes, file has " + labels.length);
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      int label = labels[8 + i] & 0xff;
      if (label >= classNames.size()) {
        throw new DataFormatException(
            labelsFile, "label " + label + " at index " + i + " out of range [0, " + classNames.size() + ")");
      }
      out[i] = label;
    }
    byte[] pixels = new byte[count * rows * cols];
    System.arraycopy(images, 16, pixels, 0, pixels.length);
    return new ImageSet(pixels, out, new ImageShape(rows, cols, 1), classNames);
  }
}
