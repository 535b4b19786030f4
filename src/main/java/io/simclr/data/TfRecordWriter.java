package io.simclr.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes TFRecord files: per record a little-endian uint64 length, the masked CRC32C of those
 * 8 bytes, the data, and the masked CRC32C of the data.
 */
public final class TfRecordWriter implements AutoCloseable {
  private final OutputStream out;

  public TfRecordWriter(Path file) throws IOException {
    this(Files.newOutputStream(file));
  }

  /** Writes to {@code sink} (closed with this writer). */
  public TfRecordWriter(OutputStream sink) {
    this.out = new BufferedOutputStream(sink, 1 << 20);
  }

  public void write(byte[] record) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(record.length);
    header.putInt(TfRecordFraming.maskedCrc32c(header.array(), 0, 8));
    out.write(header.array());
    out.write(record);
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(TfRecordFraming.maskedCrc32c(record, 0, record.length));
    out.write(footer.array());
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
