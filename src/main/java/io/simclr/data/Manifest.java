package io.simclr.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** {@code manifest.json} of a prepared dataset directory. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    String format,
    String source,
    int height,
    int width,
    int channels,
    List<String> classNames,
    Map<String, Split> splits) {

  public static final String FILE_NAME = "manifest.json";
  public static final String FORMAT = "simclr-tf/prepared-v1";

  public ImageShape shape() {
    return new ImageShape(height, width, channels);
  }

  /** The shards of one split, in order. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Split(int count, List<Shard> shards) {}

  /** One TFRecord file: its name inside the dataset directory, record count and SHA-256. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Shard(String file, int count, String sha256) {}
}
