package io.simclr.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening raw input files: existence checks with clear messages, transparent gzip. */
final class Inputs {
  private Inputs() {}

  static void requireFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new DataFormatException(file, "is a directory, expected a file");
    }
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, "no such file");
    }
    if (!Files.isReadable(file)) {
      throw new DataFormatException(file, "not readable");
    }
  }

  /** Reads the whole file, gunzipping it if it starts with the gzip magic number. */
  static byte[] readMaybeGzipped(Path file) throws IOException {
    requireFile(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try (InputStream gz = new GZIPInputStream(raw)) {
          return gz.readAllBytes();
        } catch (EOFException | ZipException e) {
          throw new DataFormatException(file, "corrupt or truncated gzip data", e);
        }
      }
      return raw.readAllBytes();
    }
  }
}
