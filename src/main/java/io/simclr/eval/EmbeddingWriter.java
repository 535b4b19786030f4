package io.simclr.eval;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Embeddings to {@code <prefix>.csv} (key, then one column per dimension) and {@code <prefix>.npy}. */
public final class EmbeddingWriter {
  private EmbeddingWriter() {}

  /** @return the two files written */
  public static List<Path> write(Path prefix, List<String> keys, float[][] e) throws IOException {
    int dim = e.length == 0 ? 0 : e[0].length;
    Path csvFile = Path.of(prefix + ".csv");
    Path npyFile = Path.of(prefix + ".npy");
    AtomicFiles.write(csvFile, stream -> {
      Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder("key");
      for (int j = 0; j < dim; j++) line.append(",e").append(j);
      w.write(line.append('\n').toString());
      for (int i = 0; i < e.length; i++) {
        line.setLength(0);
        line.append(Csv.quote(keys.get(i)));
        for (float v : e[i]) line.append(',').append(v);
        w.write(line.append('\n').toString());
      }
      w.flush();
    });
    NpyWriter.write(npyFile, e);
    return List.of(csvFile, npyFile);
  }
}
