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
    ByteBuffer head = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    head.putShort((short) header.length());
    head.put(header.getBytes(StandardCharsets.US_ASCII));
    // a row at a time: the file is as large as the matrix, which memory holds once already
    ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
    AtomicFiles.write(file, out -> {
      out.write(head.array());
      for (float[] r : rows) {
        row.clear();
        for (float v : r) row.putFloat(v);
        out.write(row.array());
      }
    });
  }
}
