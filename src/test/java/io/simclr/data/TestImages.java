package io.simclr.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Builders for small dataset files in each supported format. */
public final class TestImages {
  private TestImages() {}

  public static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(0x803).putInt(count).putInt(rows).putInt(cols).put(pixels);
    return b.array();
  }

  public static byte[] idxLabels(int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x801).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  public static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    }
    return bos.toByteArray();
  }

  public static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes a small Fashion-MNIST-like IDX directory (gzipped) with both splits. */
  public static void writeIdxDir(Path dir, int nTrain, int nTest, int side) throws IOException {
    Files.createDirectories(dir);
    writeIdxSplit(dir, "train", nTrain, side, 1);
    writeIdxSplit(dir, "t10k", nTest, side, 2);
  }

  private static void writeIdxSplit(Path dir, String prefix, int n, int side, long seed)
      throws IOException {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
        gzip(idxImages(n, side, side, randomBytes(n * side * side, seed))));
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(idxLabels(labels)));
  }
}
