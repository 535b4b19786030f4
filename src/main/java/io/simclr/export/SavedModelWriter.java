package io.simclr.export;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Writes a SavedModel (tag {@code serve}) of a session's graph and variables with the given
 * signatures and extra files (under the model directory, e.g. {@code assets.extra/...}), into a
 * hidden temporary sibling renamed into place when complete: a reader sees the old model or the
 * new one, never half of one.
 */
final class SavedModelWriter {
  private SavedModelWriter() {}

  static void write(Session s, List<Signature> signatures, Map<String, byte[]> extraFiles, Path out,
      Overwrite overwrite) throws IOException {
    overwrite.check(out);
    AtomicFiles.deleteStaleTemps(out);
    Path tmp = AtomicFiles.tempSibling(out);
    try {
      Path model = tmp.resolve("model");
      SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(model.toString());
      for (Signature sig : signatures) {
        exporter.withFunction(SessionFunction.create(sig, s));
      }
      exporter.export();
      for (var e : extraFiles.entrySet()) {
        Path f = model.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.write(f, e.getValue());
      }
      AtomicFiles.commitDirectory(model, out, overwrite);
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }
}
