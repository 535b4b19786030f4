package io.simclr.data;

import io.simclr.util.ImageShape;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * A split of images held in memory: uint8 pixels in HWC order, image after image, with their
 * labels ({@link ExampleCodec#NO_LABEL} and no class names when unlabelled). Small datasets
 * (Fashion-MNIST 47 MB, CIFAR 184 MB) fit easily, which keeps the feed loop a plain array copy.
 */
public record ImageSet(byte[] pixels, int[] labels, ImageShape shape, List<String> classNames)
    implements ImageRecords {

  public ImageSet {
    Preconditions.checkArgument(
        (long) labels.length * shape.pixelsPerImage() == pixels.length,
        "pixels (%s bytes) do not match %s images of %s",
        pixels.length,
        labels.length,
        shape);
  }

  public int size() {
    return labels.length;
  }

  @Override
  public int numClasses() {
    return classNames.size();
  }

  @Override
  public Storage storage() {
    return Storage.RAW;
  }

  @Override
  public int pixelsInto(int i, byte[] out, int offset) {
    int per = shape.pixelsPerImage();
    System.arraycopy(pixels, i * per, out, offset, per);
    return labels[i];
  }

  @Override
  public ExampleCodec.EncodedImage encoded(int i) {
    throw new UnsupportedOperationException("an in-memory split holds raw pixels");
  }

  /** Copies the pixels of images {@code indices} (in that order) into a new array. */
  public byte[] gather(int[] indices, int from, int count) {
    int per = shape.pixelsPerImage();
    byte[] out = new byte[count * per];
    for (int i = 0; i < count; i++) {
      System.arraycopy(pixels, indices[from + i] * per, out, i * per, per);
    }
    return out;
  }

  /** Copies the pixels of images [from, from + count). */
  public byte[] slice(int from, int count) {
    int per = shape.pixelsPerImage();
    byte[] out = new byte[count * per];
    System.arraycopy(pixels, from * per, out, 0, count * per);
    return out;
  }

  /** The images [from, from + count), with their labels. */
  public ImageSet range(int from, int count) {
    return new ImageSet(slice(from, count), java.util.Arrays.copyOfRange(labels, from, from + count), shape, classNames);
  }

  /** The images {@code indices}, in that order, with their labels. */
  public ImageSet subset(int[] indices) {
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      y[i] = labels[indices[i]];
    }
    return new ImageSet(gather(indices, 0, indices.length), y, shape, classNames);
  }
}
