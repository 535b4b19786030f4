package io.simclr.prep;

import io.simclr.data.ExampleCodec;
import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageFormat;
import io.simclr.util.ImageShape;
import io.simclr.data.Storage;
import io.simclr.data.UnreadableImageException;
import io.simclr.input.ImageCodec;
import java.awt.Dimension;
import java.io.IOException;

/** Turns one image file into one record of the chosen storage. Thread-safe. */
abstract class Converter implements AutoCloseable {
  /** A serialised {@code tf.train.Example}. */
  record Result(byte[] record) {}

  abstract Result convert(FolderLayout.Item item) throws IOException, UnreadableImageException;

  static Converter of(FolderPrep.Options o, ImageShape shape) {
    return o.storage() == Storage.RAW ? new Raw(o, shape) : new Encoded(o);
  }

  @Override
  public void close() {}

  /** Decoded in Java and resized to the training size: uint8 pixels. */
  private static final class Raw extends Converter {
    private final ImageFolderReader reader;
    private final ImageShape shape;

    Raw(FolderPrep.Options o, ImageShape shape) {
      this.reader = new ImageFolderReader(o.size(), o.channels());
      this.shape = shape;
    }

    @Override
    Result convert(FolderLayout.Item item) throws IOException, UnreadableImageException {
      return new Result(ExampleCodec.encode(reader.decode(item.file()), 0, shape, item.label(), item.name()));
    }
  }

  /**
   * The image file itself where it can be: JPEG as it came, PNG as it came unless JPEG is asked
   * for; everything else (and anything over {@code maxSide}) decoded by TensorFlow's own decoder
   * (or Commons Imaging, for formats TensorFlow lacks) and written again.
   */
  private static final class Encoded extends Converter {
    private final FolderPrep.Options o;
    private final ImageCodec codec;

    Encoded(FolderPrep.Options o) {
      this.o = o;
      this.codec = new ImageCodec(o.threads());
    }

    @Override
    Result convert(FolderLayout.Item item) throws IOException, UnreadableImageException {
      byte[] data = ImageFolderReader.readFile(item.file());
      ImageFormat format = ImageFormat.sniff(data);
      try {
        if (format == ImageFormat.OTHER) {
          ImageFolderReader.Rgb rgb = ImageFolderReader.decodeRgb(data);
          int[] to = capped(rgb.height(), rgb.width());
          return record(codec.encode(rgb.pixels(), rgb.height(), rgb.width(), to[0], to[1], o.reencode()),
              o.reencode(), to, item);
        }
        Dimension header = refuseHugeHeader(data);
        boolean asItCame = format == ImageFormat.JPEG || (format == ImageFormat.PNG && o.reencode() == ImageFormat.PNG);
        if (asItCame && (header == null || fitsCap(header.height, header.width))) {
          // checked by a full decode; stored only if the decoded size agrees with the header's cap
          int[] hw = codec.dims(data);
          if (fitsCap(hw[0], hw[1])) {
            return record(data, format, hw, item);
          }
        }
        ImageFormat out = format == ImageFormat.JPEG ? ImageFormat.JPEG : o.reencode();
        ImageCodec.Reencoded r = codec.reencode(data, o.maxSide(), out);
        return record(r.file(), out, new int[] {r.height(), r.width()}, item);
      } catch (ImageCodec.ImageException e) {
        throw new UnreadableImageException("undecodable image (" + e.getMessage() + ")");
      }
    }

    private boolean fitsCap(int h, int w) {
      return o.maxSide() <= 0 || Math.min(h, w) <= o.maxSide();
    }

    private static Result record(byte[] file, ImageFormat format, int[] hw, FolderLayout.Item item) {
      return new Result(ExampleCodec.encodeFile(file, format, hw[0], hw[1], item.label(), item.name()));
    }

    /**
     * The size a header declares, refused above the limit before decoding; null for headers Commons
     * Imaging cannot parse (TensorFlow's decoder, with its own limits, then decides).
     */
    private static Dimension refuseHugeHeader(byte[] data) throws UnreadableImageException {
      Dimension d;
      try {
        d = org.apache.commons.imaging.Imaging.getImageSize(data);
      } catch (IOException | RuntimeException e) {
        return null;
      }
      if ((long) d.width * d.height > ImageFolderReader.MAX_PIXELS) {
        throw new UnreadableImageException(
            "header declares " + d.width + "x" + d.height + " pixels (limit " + ImageFolderReader.MAX_PIXELS + ")");
      }
      return d;
    }

    /** {height, width} with the shorter side capped at maxSide (0: unchanged). */
    private int[] capped(int h, int w) {
      int shorter = Math.min(h, w);
      if (o.maxSide() <= 0 || shorter <= o.maxSide()) {
        return new int[] {h, w};
      }
      double k = (double) o.maxSide() / shorter;
      return new int[] {Math.max(1, (int) Math.round(h * k)), Math.max(1, (int) Math.round(w * k))};
    }

    @Override
    public void close() {
      codec.close();
    }
  }
}
