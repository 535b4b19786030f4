package io.simclr.data;

import io.simclr.util.ImageShape;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.imaging.Imaging;

/**
 * Decodes image files in Java (PNG, JPEG, BMP, GIF, TIFF through Commons Imaging): resized to
 * {@code size x size} raw pixels, grayscale or RGB, for raw storage and loose files; or to RGB at
 * source size for formats TensorFlow cannot decode. Headers are checked before decoding, so a
 * file declaring a huge image is refused instead of exhausting memory. Thread-safe.
 */
public final class ImageFolderReader {
  /** Headers declaring more than this many pixels are refused before decoding. */
  public static final long MAX_PIXELS = 50_000_000L;
  public static final long MAX_FILE_BYTES = 256L << 20;

  private final int size;
  private final int channels;

  public ImageFolderReader(int size, int channels) {
    this.size = size;
    this.channels = channels;
  }

  /** An image's file bytes, read with the size checks every reader applies. */
  public static byte[] readFile(Path file) throws IOException, UnreadableImageException {
    if (!Files.isRegularFile(file)) {
      throw new UnreadableImageException("not a regular file");
    }
    long bytes = Files.size(file);
    if (bytes == 0) {
      throw new UnreadableImageException("empty file");
    }
    if (bytes > MAX_FILE_BYTES) {
      throw new UnreadableImageException("file larger than " + MAX_FILE_BYTES + " bytes");
    }
    return Files.readAllBytes(file);
  }

  /** Decodes one image file to resized HWC pixels. */
  public byte[] decode(Path file) throws IOException, UnreadableImageException {
    return toPixels(decodeImage(readFile(file)));
  }

  /** An image decoded in Java as RGB at its own size: [height, width, 3] uint8. */
  public record Rgb(int height, int width, byte[] pixels) {}

  public static Rgb decodeRgb(byte[] data) throws UnreadableImageException {
    BufferedImage im = decodeImage(data);
    int w = im.getWidth();
    int h = im.getHeight();
    byte[] out = new byte[Math.multiplyExact(h * w, 3)];
    int[] row = new int[w];
    for (int y = 0, i = 0; y < h; y++) {
      im.getRGB(0, y, w, 1, row, 0, w);
      for (int p : row) {
        out[i++] = (byte) (p >> 16);
        out[i++] = (byte) (p >> 8);
        out[i++] = (byte) p;
      }
    }
    return new Rgb(h, w, out);
  }

  /** The {height, width} a file's header declares, refused above {@link #MAX_PIXELS}. */
  public static Dimension checkedSize(byte[] data) throws UnreadableImageException {
    Dimension d;
    try {
      d = Imaging.getImageSize(data);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableImageException("undecodable image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    if (d.width <= 0 || d.height <= 0 || (long) d.width * d.height > MAX_PIXELS) {
      throw new UnreadableImageException("header declares " + d.width + "x" + d.height + " pixels (limit " + MAX_PIXELS + ")");
    }
    return d;
  }

  private static BufferedImage decodeImage(byte[] data) throws UnreadableImageException {
    checkedSize(data);
    BufferedImage grey = greyPng(data);
    if (grey != null) {
      return storedGray(grey);
    }
    try {
      return Imaging.getBufferedImage(data);
    } catch (IOException | RuntimeException e) {
      // Commons Imaging signals corrupt input with assorted exception types.
      throw new UnreadableImageException("undecodable image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    } catch (OutOfMemoryError e) {
      throw new UnreadableImageException("image too large to decode");
    }
  }

  /** Loose image files, in order, as one unlabelled set (any unreadable file fails). */
  public static ImageSet readFiles(List<Path> files, ImageShape shape) throws IOException {
    if (shape.height() != shape.width()) {
      throw new IllegalArgumentException("image files need a square input size, not " + shape);
    }
    ImageFolderReader reader = new ImageFolderReader(shape.height(), shape.channels());
    byte[] px = new byte[files.size() * shape.pixelsPerImage()];
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      if (!Files.isRegularFile(f)) {
        throw new DataFormatException(f, "no such file");
      }
      try {
        byte[] one = reader.decode(f);
        System.arraycopy(one, 0, px, i * one.length, one.length);
      } catch (UnreadableImageException e) {
        throw new DataFormatException(f, e.getMessage());
      }
    }
    int[] labels = new int[files.size()];
    java.util.Arrays.fill(labels, ExampleCodec.NO_LABEL);
    return new ImageSet(px, labels, shape, List.of());
  }

  /** Resizes to size x size (bilinear) and returns HWC uint8 pixels. */
  byte[] toPixels(BufferedImage image) {
    BufferedImage rgb = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    byte[] out = new byte[size * size * channels];
    for (int y = 0, i = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int p = rgb.getRGB(x, y);
        int r = (p >> 16) & 0xff;
        int gr = (p >> 8) & 0xff;
        int b = p & 0xff;
        if (channels == 1) {
          out[i++] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
        } else {
          out[i++] = (byte) r;
          out[i++] = (byte) gr;
          out[i++] = (byte) b;
        }
      }
    }
    return out;
  }

  /**
   * A grey PNG with its stored sample values, or null for anything else: Commons Imaging returns
   * grey PNGs converted to 8-bit linear light, which rounds dark greys away (17 becomes 1, read back
   * as 13); ImageIO keeps the stored values.
   */
  private static BufferedImage greyPng(byte[] data) {
    if (data.length < 8 || (data[0] & 0xff) != 0x89 || data[1] != 'P' || data[2] != 'N' || data[3] != 'G') {
      return null;
    }
    try {
      BufferedImage im = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(data));
      boolean grey = im != null && im.getRaster().getNumBands() == 1
          && im.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
          && !(im.getColorModel() instanceof java.awt.image.IndexColorModel);
      return grey ? im : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * ImageIO's grey image as RGB with its stored values: Java2D takes grey as linear light and would
   * convert it to sRGB when drawing (brightening every mid-grey), unlike every other reader.
   */
  static BufferedImage storedGray(BufferedImage image) {
    if (image.getRaster().getNumBands() != 1 || image.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
      return image;
    }
    int bits = image.getColorModel().getComponentSize(0);
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = image.getRaster().getSample(x, y, 0);
        v = bits > 8 ? v >> (bits - 8) : bits < 8 ? v * 255 / ((1 << bits) - 1) : v;
        rgb.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return rgb;
  }
}
