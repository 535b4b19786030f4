package io.simclr.data;

import io.simclr.util.ImageShape;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;

/**
 * One image as a {@code tf.train.Example}: raw uint8 HWC pixels plus shape and label, or an
 * encoded image file ({@code image/encoded}, {@code image/format}, its height and width, the label
 * where there is one: the keys TensorFlow's own image datasets use).
 */
public final class ExampleCodec {
  public static final String IMAGE = "image/raw";
  public static final String ENCODED = "image/encoded";
  public static final String FORMAT = "image/format";
  public static final String HEIGHT = "image/height";
  public static final String WIDTH = "image/width";
  public static final String CHANNELS = "image/channels";
  public static final String LABEL = "image/label";
  /** The source file's path relative to the folder prepared (folders only). */
  public static final String FILENAME = "image/filename";
  /** The label of an image in an unlabelled dataset. */
  public static final int NO_LABEL = -1;

  private ExampleCodec() {}

  public static byte[] encode(byte[] pixels, int offset, ImageShape shape, int label) {
    return encode(pixels, offset, shape, label, null);
  }

  /** A raw record that also names its source file ({@code filename} null: none). */
  public static byte[] encode(byte[] pixels, int offset, ImageShape shape, int label, String filename) {
    Features.Builder features =
        Features.newBuilder()
            .putFeature(IMAGE, bytes(ByteString.copyFrom(pixels, offset, shape.pixelsPerImage())))
            .putFeature(HEIGHT, int64(shape.height()))
            .putFeature(WIDTH, int64(shape.width()))
            .putFeature(CHANNELS, int64(shape.channels()));
    if (label != NO_LABEL) {
      features.putFeature(LABEL, int64(label));
    }
    if (filename != null) {
      features.putFeature(FILENAME, bytes(ByteString.copyFromUtf8(filename)));
    }
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  /** An encoded image file of {@code height x width} pixels; {@code label} may be {@link #NO_LABEL}. */
  public static byte[] encodeFile(byte[] file, ImageFormat format, int height, int width, int label, String filename) {
    Features.Builder features =
        Features.newBuilder()
            .putFeature(ENCODED, bytes(ByteString.copyFrom(file)))
            .putFeature(FORMAT, bytes(ByteString.copyFromUtf8(format.toString())))
            .putFeature(HEIGHT, int64(height))
            .putFeature(WIDTH, int64(width));
    if (label != NO_LABEL) {
      features.putFeature(LABEL, int64(label));
    }
    if (filename != null) {
      features.putFeature(FILENAME, bytes(ByteString.copyFromUtf8(filename)));
    }
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  /** Decodes one raw record into {@code pixelsOut} at {@code offset}; returns its label ({@link #NO_LABEL} if none). */
  public static int decodeInto(
      byte[] record, ImageShape expected, byte[] pixelsOut, int offset, Path file) {
    return decodeInto(record, expected, pixelsOut, offset, new Where(file, -1));
  }

  /** The same, naming the record in errors. */
  public static int decodeInto(byte[] record, ImageShape expected, byte[] pixelsOut, int offset, Where where) {
    Map<String, Feature> f = features(record, where);
    ImageShape shape;
    try {
      shape = new ImageShape(
          (int) int64Of(f, HEIGHT, where), (int) int64Of(f, WIDTH, where), (int) int64Of(f, CHANNELS, where));
    } catch (IllegalArgumentException e) {
      throw where.error("invalid image shape: " + e.getMessage());
    }
    if (!shape.equals(expected)) {
      throw where.error("image shape " + shape + " does not match manifest " + expected);
    }
    Feature image = f.get(IMAGE);
    if (image == null || image.getBytesList().getValueCount() != 1) {
      throw where.error("record lacks " + IMAGE);
    }
    ByteString raw = image.getBytesList().getValue(0);
    if (raw.size() != shape.pixelsPerImage()) {
      throw where.error(IMAGE + " holds " + raw.size() + " bytes, expected " + shape.pixelsPerImage());
    }
    raw.copyTo(pixelsOut, offset);
    return labelOf(f, where);
  }

  /** An encoded record: the image file, its format, size and label. */
  public record EncodedImage(byte[] file, ImageFormat format, int height, int width, int label) {}

  public static EncodedImage decodeFile(byte[] record, Where where) {
    Map<String, Feature> f = features(record, where);
    Feature image = f.get(ENCODED);
    Feature format = f.get(FORMAT);
    if (image == null || image.getBytesList().getValueCount() != 1) {
      throw where.error("record lacks " + ENCODED);
    }
    if (format == null || format.getBytesList().getValueCount() != 1) {
      throw where.error("record lacks " + FORMAT);
    }
    ImageFormat fmt;
    try {
      fmt = ImageFormat.parse(format.getBytesList().getValue(0).toStringUtf8());
    } catch (IllegalArgumentException e) {
      throw where.error(e.getMessage());
    }
    long h = int64Of(f, HEIGHT, where);
    long w = int64Of(f, WIDTH, where);
    if (h <= 0 || w <= 0 || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
      throw where.error("invalid image size " + h + "x" + w);
    }
    return new EncodedImage(image.getBytesList().getValue(0).toByteArray(), fmt, (int) h, (int) w, labelOf(f, where));
  }

  /** The source file name a record carries, or "" where it has none. */
  public static String filename(byte[] record, Where where) {
    Feature f = features(record, where).get(FILENAME);
    return f == null || f.getBytesList().getValueCount() != 1 ? "" : f.getBytesList().getValue(0).toStringUtf8();
  }

  /** The label of any record ({@link #NO_LABEL} where it has none). */
  public static int label(byte[] record, Where where) {
    return labelOf(features(record, where), where);
  }

  private static Map<String, Feature> features(byte[] record, Where where) {
    try {
      return Example.parseFrom(record).getFeatures().getFeatureMap();
    } catch (InvalidProtocolBufferException e) {
      throw where.error("record is not a tf.train.Example", e);
    }
  }

  private static int labelOf(Map<String, Feature> f, Where where) {
    if (!f.containsKey(LABEL)) {
      return NO_LABEL;
    }
    long label = int64Of(f, LABEL, where);
    if (label < 0 || label > Integer.MAX_VALUE) {
      throw where.error("label " + label + " out of range");
    }
    return (int) label;
  }

  private static long int64Of(Map<String, Feature> f, String key, Where where) {
    Feature v = f.get(key);
    if (v == null || v.getInt64List().getValueCount() != 1) {
      throw where.error("record lacks " + key);
    }
    return v.getInt64List().getValue(0);
  }

  private static Feature bytes(ByteString value) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(value)).build();
  }

  private static Feature int64(long value) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(value)).build();
  }

  /** A record's place, for error messages: its shard file and index there (-1: not known). */
  public record Where(Path file, long record) {
    DataFormatException error(String problem) {
      return new DataFormatException(file, (record >= 0 ? "record " + record + ": " : "") + problem);
    }

    DataFormatException error(String problem, Throwable cause) {
      return new DataFormatException(file, (record >= 0 ? "record " + record + ": " : "") + problem, cause);
    }
  }
}
