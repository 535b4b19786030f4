package io.simclr.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads TFRecord files, verifying both checksums of every record. */
public final class TfRecordReader implements AutoCloseable {
  /** No record we write comes near this; a larger length means a corrupt header. */
  private static final long MAX_RECORD_BYTES = 256L << 20;

  private final Path file;
  private final InputStream in;
  private long recordIndex;

  public TfRecordReader(Path file) throws IOException {
    this.file = file;
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
  }

  /** Returns the next record, or null at a clean end of file. */
  public byte[] next() throws IOException {
    byte[] header = new byte[12];
    int got = in.readNBytes(header, 0, 12);
    if (got == 0) {
      return null;
    }
    if (got < 12) {
      throw corrupt("truncated record header");
    }
    ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = hb.getLong();
    if (hb.getInt() != TfRecordFraming.maskedCrc32c(header, 0, 8)) {
      throw corrupt("length CRC mismatch");
    }
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw corrupt("implausible record length " + length);
    }
    byte[] data = in.readNBytes((int) length);
    byte[] footer = in.readNBytes(4);
    if (data.length < length || footer.length < 4) {
      throw corrupt("truncated record");
    }
    int crc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (crc != TfRecordFraming.maskedCrc32c(data, 0, data.length)) {
      throw corrupt("data CRC mismatch");
    }
    recordIndex++;
    return data;
  }

  private DataFormatException corrupt(String what) {
    return new DataFormatException(file, what + " at record " + recordIndex);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
