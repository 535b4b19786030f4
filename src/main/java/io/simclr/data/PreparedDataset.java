package io.simclr.data;

import io.simclr.util.ImageShape;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prepared dataset directory: sharded TFRecord files of {@code tf.train.Example} records plus
 * {@code manifest.json}. Written into a temporary sibling and renamed into place at the end.
 */
public final class PreparedDataset {
  /** The most pixels one split can hold in memory: Java's largest array. */
  public static final long MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 8;

  private PreparedDataset() {}

  /** Writes in-memory splits (raw pixels) as a prepared dataset. */
  public static Manifest write(
      Map<String, ImageSet> splits, Path dir, String source, int shardSize, Overwrite overwrite)
      throws IOException {
    try (DatasetWriter w = DatasetWriter.create(dir, overwrite)) {
      ImageSet first = splits.values().iterator().next();
      for (Map.Entry<String, ImageSet> e : splits.entrySet()) {
        ImageSet set = e.getValue();
        DatasetWriter.SplitWriter out = w.split(e.getKey(), shardSize);
        int per = set.shape().pixelsPerImage();
        for (int i = 0; i < set.size(); i++) {
          out.add(ExampleCodec.encode(set.pixels(), i * per, set.shape(), set.labels()[i]), set.labels()[i]);
        }
      }
      return w.commit(new DatasetWriter.Description(source, first.shape(), first.classNames(), Storage.RAW, 0, 0));
    }
  }

  public static Manifest readManifest(Path dir) throws IOException {
    requireLocal(dir);
    Path file = dir.resolve(Manifest.FILE_NAME);
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir, "not a prepared dataset directory (run 'prep' first)");
    }
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, "missing; not a prepared dataset directory");
    }
    Manifest m;
    try {
      m = Json.read(file, Manifest.class);
    } catch (IOException e) {
      throw new DataFormatException(file, "unreadable manifest: " + e.getMessage(), e);
    }
    boolean v1 = Manifest.FORMAT_V1.equals(m.format());
    if (!(v1 || Manifest.FORMAT.equals(m.format())) || m.splits() == null || m.classNames() == null
        || (v1 && m.classNames().isEmpty()) || m.maxSide() < 0 || m.skipped() < 0) {
      throw new DataFormatException(file, "not a " + Manifest.FORMAT + " (or v1) manifest");
    }
    try {
      m.shape();
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file, "invalid image shape: " + e.getMessage());
    }
    for (var e : m.splits().entrySet()) {
      Manifest.Split sp = e.getValue();
      if (sp == null || sp.shards() == null || sp.count() < 0
          || sp.shards().stream().anyMatch(sh -> sh == null || sh.file() == null || sh.sha256() == null || sh.count() < 0)
          || sp.shards().stream().mapToLong(Manifest.Shard::count).sum() != sp.count()) {
        throw new DataFormatException(file, "split '" + e.getKey() + "' has inconsistent counts or shards");
      }
    }
    return m;
  }

  /** Reads one split fully into memory, checking shard hashes, record CRCs, shapes and labels. */
  public static ImageSet read(Path dir, String split) throws IOException {
    Manifest m = readManifest(dir);
    Manifest.Split entry = m.splits().get(split);
    if (entry == null) {
      throw new DataFormatException(
          dir.resolve(Manifest.FILE_NAME), "has no split '" + split + "' (has " + m.splits().keySet() + ")");
    }
    if (m.storage() != Storage.RAW) {
      throw new DataFormatException(dir.resolve(Manifest.FILE_NAME),
          "stores encoded images, which are read record by record (streamed), not into memory");
    }
    ImageShape shape = m.shape();
    int per = shape.pixelsPerImage();
    long bytes = (long) entry.count() * per;
    if (bytes > MAX_IN_MEMORY_BYTES) {
      throw new DataFormatException(dir.resolve(Manifest.FILE_NAME), "split '" + split + "' holds " + bytes
          + " bytes of pixels, more than one Java array can (stream it instead)");
    }
    byte[] pixels = new byte[(int) bytes];
    int[] labels = new int[entry.count()];
    int i = 0;
    for (Manifest.Shard shard : entry.shards()) {
      Path file = dir.resolve(shard.file()).normalize();
      if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
        throw new DataFormatException(file, "shard listed in manifest is missing");
      }
      if (!sha256(file).equals(shard.sha256())) {
        throw new DataFormatException(file, "SHA-256 does not match manifest");
      }
      int inShard = 0;
      try (TfRecordReader r = new TfRecordReader(file)) {
        for (byte[] rec = r.next(); rec != null; rec = r.next()) {
          if (i >= labels.length) {
            throw new DataFormatException(file, "more records than the manifest's count");
          }
          int label = ExampleCodec.decodeInto(rec, shape, pixels, i * per, new ExampleCodec.Where(file, inShard));
          if (m.labelled() ? label < 0 || label >= m.classNames().size() : label != ExampleCodec.NO_LABEL) {
            throw new DataFormatException(
                file, "label " + label + " out of range [0, " + m.classNames().size() + ")");
          }
          labels[i++] = label;
          inShard++;
        }
      }
      if (inShard != shard.count()) {
        throw new DataFormatException(
            file, "holds " + inShard + " records, manifest says " + shard.count());
      }
    }
    if (i != labels.length) {
      throw new DataFormatException(dir, "split " + split + " has " + i + " records, manifest says " + labels.length);
    }
    return new ImageSet(pixels, labels, shape, m.classNames());
  }

  /**
   * Refuses a URL (gs://, s3://, hdfs://): prepared datasets are read with positional reads of the
   * local file system, where a mounted bucket or network file system serves too.
   */
  public static void requireLocal(Path dir) {
    if (dir.toString().matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
      throw new DataFormatException(dir, "is a URL; prepared datasets are read from a file system path: mount the "
          + "bucket or share (gcsfuse, mountpoint-s3, NFS) and give the mounted path");
    }
  }

  public static String sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }
}
