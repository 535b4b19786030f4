package io.simclr.data;

import io.simclr.util.ImageShape;
import com.google.common.hash.Hashing;
import com.google.common.hash.HashingOutputStream;
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
 * Writes a prepared dataset as its records arrive: each split rolls over to a new TFRecord shard
 * every {@code shardSize} records, with its SHA-256 and record index computed on the way, so
 * memory does not grow with the dataset. Everything goes into a hidden temporary sibling that
 * {@link #commit} renames into place; closing without a commit deletes it.
 */
public final class DatasetWriter implements AutoCloseable {
  private final Path dir;
  private final Path tmp;
  private final Overwrite overwrite;
  private final Map<String, SplitWriter> splits = new LinkedHashMap<>();
  private boolean committed;

  private DatasetWriter(Path dir, Path tmp, Overwrite overwrite) {
    this.dir = dir;
    this.tmp = tmp;
    this.overwrite = overwrite;
  }

  /** Refuses an existing {@code dir} unless {@code overwrite} allows it, before anything is written. */
  public static DatasetWriter create(Path dir, Overwrite overwrite) throws IOException {
    PreparedDataset.requireLocal(dir);
    overwrite.check(dir);
    AtomicFiles.deleteStaleTemps(dir);
    return new DatasetWriter(dir, AtomicFiles.tempSibling(dir), overwrite);
  }

  /** The writer of split {@code name} (created on first use). */
  public SplitWriter split(String name, int shardSize) {
    return splits.computeIfAbsent(name, n -> new SplitWriter(tmp, n, shardSize));
  }

  /** What the manifest says beside the splits. */
  public record Description(String source, ImageShape shape, List<String> classNames, Storage storage, int maxSide,
      int skipped) {}

  /** Finishes every split, writes the manifest and moves the dataset into place. */
  public Manifest commit(Description d) throws IOException {
    Map<String, Manifest.Split> entries = new LinkedHashMap<>();
    for (SplitWriter s : splits.values()) {
      entries.put(s.name, s.finish());
    }
    ImageShape shape = d.shape();
    Manifest m = new Manifest(Manifest.FORMAT, d.source(), shape.height(), shape.width(), shape.channels(),
        d.classNames(), entries, d.storage(), d.maxSide(), d.skipped());
    Json.writeFile(tmp.resolve(Manifest.FILE_NAME), m);
    AtomicFiles.commitDirectory(tmp, dir, overwrite);
    committed = true;
    return m;
  }

  @Override
  public void close() throws IOException {
    for (SplitWriter s : splits.values()) {
      s.closeQuietly();
    }
    if (!committed) {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  /** One split: records in arrival order, shard after shard. */
  public static final class SplitWriter {
    private final Path dir;
    private final String name;
    private final int shardSize;
    private final List<Path> parts = new ArrayList<>();
    private final List<String> hashes = new ArrayList<>();
    private final List<RecordIndex> indexes = new ArrayList<>();
    private HashingOutputStream hashing;
    private TfRecordWriter out;
    private RecordIndex.Builder index;
    private long offset;
    private int inShard;
    private int count;

    private SplitWriter(Path dir, String name, int shardSize) {
      this.dir = dir;
      this.name = name;
      this.shardSize = shardSize;
    }

    /** Appends one serialised record; {@code label} goes into the record index (-1 for none). */
    public void add(byte[] record, int label) throws IOException {
      if (out == null) {
        Path part = dir.resolve(String.format("%s-%05d.part", name, parts.size()));
        hashing = new HashingOutputStream(Hashing.sha256(), Files.newOutputStream(part));
        out = new TfRecordWriter(hashing);
        index = new RecordIndex.Builder();
        parts.add(part);
        offset = 0;
        inShard = 0;
      }
      out.write(record);
      index.add(offset, record.length, label);
      offset += 16 + record.length;
      inShard++;
      count++;
      if (inShard == shardSize) {
        endShard();
      }
    }

    public int count() {
      return count;
    }

    private void endShard() throws IOException {
      out.close();
      hashes.add(hashing.hash().toString());
      indexes.add(index.build());
      out = null;
    }

    /** Names the shards {@code name-SSSSS-of-NNNNN.tfrecord}, writes their indexes. */
    private Manifest.Split finish() throws IOException {
      if (out != null) {
        endShard();
      }
      List<Manifest.Shard> shards = new ArrayList<>();
      for (int s = 0; s < parts.size(); s++) {
        String file = String.format("%s-%05d-of-%05d.tfrecord", name, s, parts.size());
        Files.move(parts.get(s), dir.resolve(file));
        indexes.get(s).write(dir.resolve(file + ".index"));
        shards.add(new Manifest.Shard(file, indexes.get(s).size(), hashes.get(s), file + ".index"));
      }
      return new Manifest.Split(count, shards);
    }

    private void closeQuietly() {
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          // the temporary directory is deleted anyway
        }
        out = null;
      }
    }
  }
}
