package io.simclr.eval;

import io.simclr.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** NumPy {@code .npy} (format 1.0) writer for a float32 matrix, readable by {@code numpy.load}. */
public final class NpyWriter {
  private NpyWriter() {}

  public static void write(Path file, float[][] rows) throws IOException {
    int n = rows.length;
    int d = n == 0 ? 0 : rows[0].length;
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
    // magic (6) + version (2) + header length (2) + header, padded with spaces to 64 bytes, then \n
    int unpadded = 10 + dict.length() + 1;
    int padded = (unpadded + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - unpadded) + "\n";
    ByteBuffer b = ByteBuffer.allocate(padded + 4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.US_ASCII));
    for (float[] row : rows) {
      for (float v : row) b.putFloat(v);
    }
    AtomicFiles.writeBytes(file, b.array());
  }
}
