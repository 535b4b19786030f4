package io.simclr.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where each record of one TFRecord shard starts, how long its data is, and its label, so a
 * reader can fetch record i with one positional read (random access for a global shuffle) and
 * knows every label without reading the images. Stored beside the shard as
 * {@code <shard>.index}: the magic {@code SIMCLRIX}, a version and a count (little-endian
 * int32s), then per record its offset (int64), data length (int32) and label (int32, -1 for none).
 * Shards without one (version-1 datasets) are indexed by scanning them.
 */
public final class RecordIndex {
  static final byte[] MAGIC = "SIMCLRIX".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER = MAGIC.length + 8;
  static final int ENTRY = 16;

  private final long[] offsets;
  private final int[] lengths;
  private final int[] labels;

  RecordIndex(long[] offsets, int[] lengths, int[] labels) {
    this.offsets = offsets;
    this.lengths = lengths;
    this.labels = labels;
  }

  public int size() {
    return offsets.length;
  }

  /** Where record {@code i}'s 12-byte header starts in the shard. */
  public long offset(int i) {
    return offsets[i];
  }

  /** The length of record {@code i}'s data. */
  public int length(int i) {
    return lengths[i];
  }

  public int label(int i) {
    return labels[i];
  }

  int[] labels() {
    return labels.clone();
  }

  /** Collects the entries of a shard as it is written. */
  static final class Builder {
    private long[] offsets = new long[64];
    private int[] lengths = new int[64];
    private int[] labels = new int[64];
    private int n;

    void add(long offset, int length, int label) {
      if (n == offsets.length) {
        offsets = Arrays.copyOf(offsets, n * 2);
        lengths = Arrays.copyOf(lengths, n * 2);
        labels = Arrays.copyOf(labels, n * 2);
      }
      offsets[n] = offset;
      lengths[n] = length;
      labels[n++] = label;
    }

    RecordIndex build() {
      return new RecordIndex(Arrays.copyOf(offsets, n), Arrays.copyOf(lengths, n), Arrays.copyOf(labels, n));
    }
  }

  void write(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER + ENTRY * size()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(size());
    for (int i = 0; i < size(); i++) {
      b.putLong(offsets[i]).putInt(lengths[i]).putInt(labels[i]);
    }
    b.flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  /**
   * Reads the index of a shard that should hold {@code count} records of at most
   * {@code shardBytes} bytes in all; any inconsistency is an error naming the index file.
   */
  static RecordIndex read(Path file, int count, long shardBytes) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, "record index listed in manifest is missing");
    }
    if (Files.size(file) != HEADER + (long) ENTRY * count) {
      throw new DataFormatException(file, "record index has " + Files.size(file) + " bytes, expected "
          + (HEADER + (long) ENTRY * count) + " for " + count + " records");
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC) || b.getInt() != VERSION || b.getInt() != count) {
      throw new DataFormatException(file, "not a record index of " + count + " records");
    }
    long[] offsets = new long[count];
    int[] lengths = new int[count];
    int[] labels = new int[count];
    long next = 0;
    for (int i = 0; i < count; i++) {
      offsets[i] = b.getLong();
      lengths[i] = b.getInt();
      labels[i] = b.getInt();
      // records follow each other: header (12), data, footer (4)
      if (offsets[i] != next || lengths[i] < 0 || labels[i] < ExampleCodec.NO_LABEL) {
        throw new DataFormatException(file, "record index entry " + i + " is inconsistent");
      }
      next = offsets[i] + 16 + lengths[i];
    }
    if (next != shardBytes) {
      throw new DataFormatException(file, "record index covers " + next + " bytes of a " + shardBytes + "-byte shard");
    }
    return new RecordIndex(offsets, lengths, labels);
  }

  /** Indexes a shard without an index file by reading it through (checking every record). */
  static RecordIndex scan(Path shard) throws IOException {
    Builder b = new Builder();
    long offset = 0;
    try (TfRecordReader r = new TfRecordReader(shard)) {
      for (byte[] rec = r.next(); rec != null; rec = r.next()) {
        b.add(offset, rec.length, ExampleCodec.label(rec, new ExampleCodec.Where(shard, b.n)));
        offset += 16 + rec.length;
      }
    }
    return b.build();
  }
}
