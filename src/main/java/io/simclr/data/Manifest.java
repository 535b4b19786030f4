package io.simclr.data;

import io.simclr.util.ImageShape;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a prepared dataset directory. Version 1 (raw pixels, labelled, no
 * record index) is still read; version 2 adds the storage kind, unlabelled datasets (no class
 * names) and a record index beside every shard.
 *
 * @param height training image height (for encoded storage the size images are cropped to)
 * @param classNames empty for an unlabelled dataset
 * @param storage raw pixels or encoded images (v1: raw)
 * @param maxSide encoded storage: the shorter side was capped at this many pixels; 0 = source resolution
 * @param skipped source files left out as unreadable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    String format,
    String source,
    int height,
    int width,
    int channels,
    List<String> classNames,
    Map<String, Split> splits,
    Storage storage,
    int maxSide,
    int skipped) {

  public static final String FILE_NAME = "manifest.json";
  public static final String FORMAT_V1 = "simclr-tf/prepared-v1";
  public static final String FORMAT = "simclr-tf/prepared-v2";

  public Manifest {
    storage = storage == null ? Storage.RAW : storage;
  }

  /** A raw, labelled version-1 manifest (what earlier versions wrote). */
  public Manifest(String format, String source, int height, int width, int channels, List<String> classNames,
      Map<String, Split> splits) {
    this(format, source, height, width, channels, classNames, splits, Storage.RAW, 0, 0);
  }

  public ImageShape shape() {
    return new ImageShape(height, width, channels);
  }

  /** Whether the images carry class labels (an unlabelled folder has none). */
  @JsonIgnore
  public boolean labelled() {
    return classNames != null && !classNames.isEmpty();
  }

  /** The shards of one split, in order. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Split(int count, List<Shard> shards) {}

  /**
   * One TFRecord file: its name inside the dataset directory, record count and SHA-256, and the
   * name of its record index (offsets and labels for random access; null in version 1).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Shard(String file, int count, String sha256, String index) {
    public Shard(String file, int count, String sha256) {
      this(file, count, sha256, null);
    }
  }
}
