package io.simclr.data;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.imaging.Imaging;

/**
 * Image folders laid out as {@code root/<class>/<image>}: PNG, JPEG, BMP, GIF, TIFF through
 * Commons Imaging, resized to {@code size x size}, grayscale or RGB. Classes are the sorted
 * sub-folder names.
 */
public final class ImageFolderReader {
  /** Headers declaring more than this many pixels are refused before decoding. */
  static final long MAX_PIXELS = 50_000_000L;
  static final long MAX_FILE_BYTES = 256L << 20;

  private final int size;
  private final int channels;
  private final boolean strict;
  private final PrintStream warnings;
  private int skipped;

  public ImageFolderReader(int size, int channels, boolean strict, PrintStream warnings) {
    this.size = size;
    this.channels = channels;
    this.strict = strict;
    this.warnings = warnings;
  }

  /** How many undecodable images were skipped so far (always 0 in strict mode). */
  public int skipped() {
    return skipped;
  }

  /** Sorted names of the class folders directly under {@code root}. */
  public static List<String> classFolders(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new DataFormatException(root, "not a directory");
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .forEach(names::add);
    }
    if (names.isEmpty()) {
      throw new DataFormatException(root, "has no class sub-folders (expected root/<class>/<image>)");
    }
    return names;
  }

  /** Reads every image under {@code root}, labelled by the index of its folder in {@code classes}. */
  public ImageSet read(Path root, List<String> classes) throws IOException {
    ImageShape shape = new ImageShape(size, size, channels);
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    List<String> present = classFolders(root);
    for (String name : present) {
      if (!classes.contains(name)) {
        throw new DataFormatException(root.resolve(name), "class folder not among " + classes);
      }
    }
    for (int c = 0; c < classes.size(); c++) {
      Path dir = root.resolve(classes.get(c));
      if (!Files.isDirectory(dir)) {
        throw new DataFormatException(dir, "class folder missing");
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
      }
      int before = labels.size();
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          skip(f, "not a regular file");
          continue;
        }
        byte[] img = decode(f);
        if (img != null) {
          pixels.write(img);
          labels.add(c);
        }
      }
      if (labels.size() == before) {
        throw new DataFormatException(dir, "class folder has no readable images");
      }
    }
    return new ImageSet(
        pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(), shape, classes);
  }

  /** Decodes one image file to resized HWC pixels; in strict mode failures throw. */
  public byte[] decodeFile(Path file) throws IOException {
    return decode(file);
  }

  /** Loose image files, in order, as one unlabelled set (strict: any unreadable file fails). */
  public static ImageSet readFiles(List<Path> files, ImageShape shape) throws IOException {
    if (shape.height() != shape.width()) {
      throw new IllegalArgumentException("image files need a square input size, not " + shape);
    }
    ImageFolderReader reader = new ImageFolderReader(shape.height(), shape.channels(), true, System.err);
    byte[] px = new byte[files.size() * shape.pixelsPerImage()];
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      if (!Files.isRegularFile(f)) {
        throw new DataFormatException(f, "no such file");
      }
      byte[] one = reader.decodeFile(f);
      System.arraycopy(one, 0, px, i * one.length, one.length);
    }
    return new ImageSet(px, new int[files.size()], shape, List.of("unlabelled"));
  }

  private byte[] decode(Path file) throws IOException {
    try {
      long bytes = Files.size(file);
      if (bytes == 0) {
        return skip(file, "empty file");
      }
      if (bytes > MAX_FILE_BYTES) {
        return skip(file, "file larger than " + MAX_FILE_BYTES + " bytes");
      }
      byte[] data = Files.readAllBytes(file);
      Dimension d = Imaging.getImageSize(data);
      if (d.width <= 0 || d.height <= 0 || (long) d.width * d.height > MAX_PIXELS) {
        return skip(file, "header declares " + d.width + "x" + d.height + " pixels (limit " + MAX_PIXELS + ")");
      }
      BufferedImage image = Imaging.getBufferedImage(data);
      return toPixels(image);
    } catch (IOException | RuntimeException e) {
      // Commons Imaging signals corrupt input with assorted exception types.
      return skip(file, "undecodable image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    } catch (OutOfMemoryError e) {
      return skip(file, "image too large to decode");
    }
  }

  private byte[] skip(Path file, String why) {
    if (strict) {
      throw new DataFormatException(file, why);
    }
    skipped++;
    warnings.println("warning: skipping " + file + ": " + why);
    return null;
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
}
