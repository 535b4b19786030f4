package io.simclr.data;

import io.simclr.util.ImageShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One split of a prepared dataset read record by record, in any order, without holding it in
 * memory: each record is one positional read located by the shards' record indexes, checked by
 * both of TFRecord's CRCs. Safe for concurrent readers. Memory: 12 bytes per record (offsets and
 * labels), whatever the image size.
 *
 * <p>Shard SHA-256s are not checked here (that would read the whole dataset before the first
 * step); {@link PreparedDataset#read} checks them for the in-memory path.
 */
public final class SplitRecords implements ImageRecords, java.io.Closeable {
  /** Shards kept open between reads; a split with more opens a shard per read. */
  static final int MAX_OPEN_SHARDS = 256;
  private static final int TFRECORD_OVERHEAD = 16;

  private final Manifest manifest;
  private final String split;
  private final List<Path> files;
  private final List<String> indexNames;
  private final List<RecordIndex> indexes;
  /** First record of each shard, then the total. */
  private final int[] starts;
  private final AtomicReferenceArray<FileChannel> open;
  private volatile boolean closed;
  private final int[] labels;

  private SplitRecords(Manifest manifest, String split, List<Path> files, List<String> indexNames,
      List<RecordIndex> indexes) {
    this.manifest = manifest;
    this.split = split;
    this.files = files;
    this.indexNames = indexNames;
    this.indexes = indexes;
    starts = new int[indexes.size() + 1];
    for (int s = 0; s < indexes.size(); s++) {
      starts[s + 1] = starts[s] + indexes.get(s).size();
    }
    open = new AtomicReferenceArray<>(files.size() <= MAX_OPEN_SHARDS ? files.size() : 0);
    labels = new int[starts[indexes.size()]];
    for (int s = 0; s < indexes.size(); s++) {
      System.arraycopy(indexes.get(s).labels(), 0, labels, starts[s], indexes.get(s).size());
    }
  }

  /** Opens split {@code split} of the prepared dataset in {@code dir} (its indexes, not its images). */
  public static SplitRecords open(Path dir, String split) throws IOException {
    Manifest m = PreparedDataset.readManifest(dir);
    Manifest.Split entry = m.splits().get(split);
    if (entry == null) {
      throw new DataFormatException(
          dir.resolve(Manifest.FILE_NAME), "has no split '" + split + "' (has " + m.splits().keySet() + ")");
    }
    List<Path> files = new ArrayList<>();
    List<String> indexNames = new ArrayList<>();
    List<RecordIndex> indexes = new ArrayList<>();
    for (Manifest.Shard shard : entry.shards()) {
      Path file = inside(dir, shard.file());
      if (!Files.isRegularFile(file)) {
        throw new DataFormatException(file, "shard listed in manifest is missing");
      }
      RecordIndex index = shard.index() == null ? RecordIndex.scan(file)
          : RecordIndex.read(inside(dir, shard.index()), shard.count(), Files.size(file));
      if (index.size() != shard.count()) {
        throw new DataFormatException(file, "holds " + index.size() + " records, manifest says " + shard.count());
      }
      Path labelsFrom = shard.index() == null ? file : inside(dir, shard.index());
      for (int i = 0; i < index.size(); i++) {
        int label = index.label(i);
        if (m.labelled() ? label < 0 || label >= m.classNames().size() : label != ExampleCodec.NO_LABEL) {
          throw new DataFormatException(labelsFrom, "record " + i + ": label " + label + " out of range [0, "
              + m.classNames().size() + ")");
        }
      }
      files.add(file);
      indexNames.add(shard.index() == null ? "(scanned)" : shard.index());
      indexes.add(index);
    }
    return new SplitRecords(m, split, files, indexNames, indexes);
  }

  private static Path inside(Path dir, String name) {
    Path file = dir.resolve(name).normalize();
    if (!file.startsWith(dir.normalize())) {
      throw new DataFormatException(dir.resolve(Manifest.FILE_NAME), "names a file outside the dataset: " + name);
    }
    return file;
  }

  public Manifest manifest() {
    return manifest;
  }

  public String split() {
    return split;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public ImageShape shape() {
    return manifest.shape();
  }

  @Override
  public List<String> classNames() {
    return manifest.classNames();
  }

  @Override
  public Storage storage() {
    return manifest.storage();
  }

  /** Record {@code i}'s shard and its index there, for messages. */
  public ExampleCodec.Where where(int i) {
    int s = shardOf(i);
    return new ExampleCodec.Where(files.get(s), i - starts[s]);
  }

  /** The serialised record {@code i} (a {@code tf.train.Example}), both CRCs checked. */
  public byte[] record(int i) throws IOException {
    int s = shardOf(i);
    int k = i - starts[s];
    RecordIndex index = indexes.get(s);
    ExampleCodec.Where where = new ExampleCodec.Where(files.get(s), k);
    int length = index.length(k);
    ByteBuffer b = ByteBuffer.allocate(length + TFRECORD_OVERHEAD).order(ByteOrder.LITTLE_ENDIAN);
    read(s, index.offset(k), b, where);
    byte[] all = b.array();
    if (b.getLong(0) != length || b.getInt(8) != TfRecordFraming.maskedCrc32c(all, 0, 8)) {
      throw where.error("record header does not match the record index " + indexNames.get(s) + " (corrupt shard or index)");
    }
    if (b.getInt(12 + length) != TfRecordFraming.maskedCrc32c(all, 12, length)) {
      throw where.error("data CRC mismatch");
    }
    return Arrays.copyOfRange(all, 12, 12 + length);
  }

  @Override
  public int pixelsInto(int i, byte[] out, int offset) throws IOException {
    return checkLabel(i, ExampleCodec.decodeInto(record(i), shape(), out, offset, where(i)));
  }

  @Override
  public ExampleCodec.EncodedImage encoded(int i) throws IOException {
    ExampleCodec.EncodedImage e = ExampleCodec.decodeFile(record(i), where(i));
    checkLabel(i, e.label());
    return e;
  }

  @Override
  public String name(int i) throws IOException {
    return ExampleCodec.filename(record(i), where(i));
  }

  private int checkLabel(int i, int label) {
    if (label != labels[i]) {
      throw where(i).error("label " + label + " differs from the record index " + indexNames.get(shardOf(i)) + "'s "
          + labels[i]);
    }
    return label;
  }

  private void read(int s, long position, ByteBuffer b, ExampleCodec.Where where) throws IOException {
    while (true) {
      FileChannel ch = channel(s);
      try {
        long at = position;
        while (b.hasRemaining()) {
          int n = ch.read(b, at);
          if (n < 0) {
            throw where.error("truncated record (shard shorter than its index says)");
          }
          at += n;
        }
        b.flip();
        return;
      } catch (ClosedChannelException e) {
        // NIO closes a channel for every thread when one thread is interrupted in a read on it (an
        // input pipeline being shut down): a reader that was not itself interrupted opens it again
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted() || closed
            || open.length() == 0) {
          throw e;
        }
        open.compareAndSet(s, ch, null);
        b.rewind();
      } finally {
        if (open.length() == 0) {
          ch.close();
        }
      }
    }
  }

  private FileChannel channel(int s) throws IOException {
    if (open.length() == 0) {
      return FileChannel.open(files.get(s), StandardOpenOption.READ);
    }
    FileChannel ch = open.get(s);
    if (ch == null) {
      FileChannel fresh = FileChannel.open(files.get(s), StandardOpenOption.READ);
      if (!open.compareAndSet(s, null, fresh)) {
        fresh.close();
      }
      ch = open.get(s);
    }
    return ch;
  }

  private int shardOf(int i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException("record " + i + " of " + size());
    }
    int s = Arrays.binarySearch(starts, i);
    // an exact hit is a shard's first record (skip empty shards); else the insertion point - 1
    if (s >= 0) {
      while (s + 1 < starts.length - 1 && starts[s + 1] == i) {
        s++;
      }
      return s;
    }
    return -s - 2;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    for (int s = 0; s < open.length(); s++) {
      FileChannel ch = open.getAndSet(s, null);
      if (ch != null) {
        ch.close();
      }
    }
  }
}
