package io.simclr.data;

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
  private PreparedDataset() {}

  public static Manifest write(
      Map<String, ImageSet> splits, Path dir, String source, int shardSize, Overwrite overwrite)
      throws IOException {
    overwrite.check(dir);
    AtomicFiles.deleteStaleTemps(dir);
    Path tmp = AtomicFiles.tempSibling(dir);
    try {
      ImageSet first = splits.values().iterator().next();
      Map<String, Manifest.Split> splitEntries = new LinkedHashMap<>();
      for (Map.Entry<String, ImageSet> e : splits.entrySet()) {
        splitEntries.put(e.getKey(), writeSplit(tmp, e.getKey(), e.getValue(), shardSize));
      }
      ImageShape shape = first.shape();
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT,
              source,
              shape.height(),
              shape.width(),
              shape.channels(),
              first.classNames(),
              splitEntries);
      Json.writeFile(tmp.resolve(Manifest.FILE_NAME), manifest);
      AtomicFiles.commitDirectory(tmp, dir, overwrite);
      return manifest;
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  private static Manifest.Split writeSplit(Path dir, String split, ImageSet set, int shardSize)
      throws IOException {
    int n = set.size();
    int shards = Math.max(1, (n + shardSize - 1) / shardSize);
    List<Manifest.Shard> entries = new ArrayList<>();
    int per = set.shape().pixelsPerImage();
    for (int s = 0; s < shards; s++) {
      String name = String.format("%s-%05d-of-%05d.tfrecord", split, s, shards);
      Path file = dir.resolve(name);
      int from = (int) ((long) n * s / shards);
      int to = (int) ((long) n * (s + 1) / shards);
      try (TfRecordWriter w = new TfRecordWriter(file)) {
        for (int i = from; i < to; i++) {
          w.write(ExampleCodec.encode(set.pixels(), i * per, set.shape(), set.labels()[i]));
        }
      }
      entries.add(new Manifest.Shard(name, to - from, sha256(file)));
    }
    return new Manifest.Split(n, entries);
  }

  public static Manifest readManifest(Path dir) throws IOException {
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
    if (!Manifest.FORMAT.equals(m.format()) || m.splits() == null || m.classNames() == null
        || m.classNames().isEmpty()) {
      throw new DataFormatException(file, "not a " + Manifest.FORMAT + " manifest");
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
    ImageShape shape = m.shape();
    int per = shape.pixelsPerImage();
    byte[] pixels = new byte[Math.multiplyExact(entry.count(), per)];
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
          int label = ExampleCodec.decodeInto(rec, shape, pixels, i * per, file);
          if (label < 0 || label >= m.classNames().size()) {
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

  public static String sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }
}
