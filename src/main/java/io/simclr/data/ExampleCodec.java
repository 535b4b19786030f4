package io.simclr.data;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;

/** One image as a {@code tf.train.Example}: raw uint8 HWC pixels plus shape and label. */
public final class ExampleCodec {
  public static final String IMAGE = "image/raw";
  public static final String HEIGHT = "image/height";
  public static final String WIDTH = "image/width";
  public static final String CHANNELS = "image/channels";
  public static final String LABEL = "image/label";

  private ExampleCodec() {}

  public static byte[] encode(byte[] pixels, int offset, ImageShape shape, int label) {
    Features features =
        Features.newBuilder()
            .putFeature(IMAGE, bytes(ByteString.copyFrom(pixels, offset, shape.pixelsPerImage())))
            .putFeature(HEIGHT, int64(shape.height()))
            .putFeature(WIDTH, int64(shape.width()))
            .putFeature(CHANNELS, int64(shape.channels()))
            .putFeature(LABEL, int64(label))
            .build();
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  /** Decodes one record into {@code pixelsOut} at {@code offset}; returns its label. */
  public static int decodeInto(
      byte[] record, ImageShape expected, byte[] pixelsOut, int offset, Path file) {
    Map<String, Feature> f;
    try {
      f = Example.parseFrom(record).getFeatures().getFeatureMap();
    } catch (InvalidProtocolBufferException e) {
      throw new DataFormatException(file, "record is not a tf.train.Example", e);
    }
    ImageShape shape =
        new ImageShape(
            (int) int64Of(f, HEIGHT, file),
            (int) int64Of(f, WIDTH, file),
            (int) int64Of(f, CHANNELS, file));
    if (!shape.equals(expected)) {
      throw new DataFormatException(
          file, "image shape " + shape + " does not match manifest " + expected);
    }
    Feature image = f.get(IMAGE);
    if (image == null || image.getBytesList().getValueCount() != 1) {
      throw new DataFormatException(file, "record lacks " + IMAGE);
    }
    ByteString raw = image.getBytesList().getValue(0);
    if (raw.size() != shape.pixelsPerImage()) {
      throw new DataFormatException(
          file, IMAGE + " holds " + raw.size() + " bytes, expected " + shape.pixelsPerImage());
    }
    raw.copyTo(pixelsOut, offset);
    return (int) int64Of(f, LABEL, file);
  }

  private static long int64Of(Map<String, Feature> f, String key, Path file) {
    Feature v = f.get(key);
    if (v == null || v.getInt64List().getValueCount() != 1) {
      throw new DataFormatException(file, "record lacks " + key);
    }
    return v.getInt64List().getValue(0);
  }

  private static Feature bytes(ByteString value) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(value)).build();
  }

  private static Feature int64(long value) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(value)).build();
  }
}
