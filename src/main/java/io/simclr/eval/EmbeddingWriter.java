package io.simclr.eval;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Embeddings to {@code <prefix>.csv} (key, then one column per dimension) and {@code <prefix>.npy}. */
public final class EmbeddingWriter {
  private EmbeddingWriter() {}

  /** @return the two files written */
  public static List<Path> write(Path prefix, List<String> keys, float[][] e) throws IOException {
    int dim = e.length == 0 ? 0 : e[0].length;
    StringBuilder csv = new StringBuilder("key");
    for (int j = 0; j < dim; j++) csv.append(",e").append(j);
    csv.append('\n');
    for (int i = 0; i < e.length; i++) {
      csv.append(Csv.quote(keys.get(i)));
      for (float v : e[i]) csv.append(',').append(v);
      csv.append('\n');
    }
    Path csvFile = Path.of(prefix + ".csv");
    Path npyFile = Path.of(prefix + ".npy");
    AtomicFiles.writeString(csvFile, csv.toString());
    NpyWriter.write(npyFile, e);
    return List.of(csvFile, npyFile);
  }
}
