package io.simclr.prep;

import io.simclr.data.ExampleCodec;
import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageFormat;
import io.simclr.data.ImageShape;
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
        refuseHugeHeader(data);
        int[] hw = codec.dims(data);
        int[] to = capped(hw[0], hw[1]);
        boolean keep = to[0] == hw[0] && to[1] == hw[1]
            && (format == ImageFormat.JPEG || (format == ImageFormat.PNG && o.reencode() == ImageFormat.PNG));
        if (keep) {
          return record(data, format, hw, item);
        }
        ImageFormat out = format == ImageFormat.JPEG ? ImageFormat.JPEG : o.reencode();
        return record(codec.reencode(data, to[0], to[1], out), out, to, item);
      } catch (ImageCodec.ImageException e) {
        throw new UnreadableImageException("undecodable image (" + e.getMessage() + ")");
      }
    }

    private static Result record(byte[] file, ImageFormat format, int[] hw, FolderLayout.Item item) {
      return new Result(ExampleCodec.encodeFile(file, format, hw[0], hw[1], item.label(), item.name()));
    }

    /** Header sizes above the limit are refused before decoding; headers Commons Imaging cannot parse go to TensorFlow. */
    private static void refuseHugeHeader(byte[] data) throws UnreadableImageException {
      Dimension d;
      try {
        d = org.apache.commons.imaging.Imaging.getImageSize(data);
      } catch (IOException | RuntimeException e) {
        return;
      }
      if ((long) d.width * d.height > ImageFolderReader.MAX_PIXELS) {
        throw new UnreadableImageException(
            "header declares " + d.width + "x" + d.height + " pixels (limit " + ImageFolderReader.MAX_PIXELS + ")");
      }
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
