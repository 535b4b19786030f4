package io.simclr.cli;

import io.simclr.data.SplitRecords;
import io.simclr.eval.SavedEncoder;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options and set-up the commands that explore a dataset with a SavedModel share: the model,
 * the prepared dataset (its split is each command's, with its own default), and an output
 * directory written whole or not at all.
 */
final class ModelOnSplit {
  @Option(names = "--model", required = true, description = "Encoder SavedModel directory.")
  Path model;

  @Option(names = "--data", required = true, description = "Prepared dataset directory.")
  Path data;

  @Option(names = "--out", required = true, description = "Output directory (written whole, or not at all).")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  /** The model, the split and its pixels, opened together and checked to fit each other. */
  record Opened(SavedEncoder encoder, SplitRecords set, InferenceImages pixels) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (SavedEncoder e = encoder; SplitRecords s = set) {
        pixels.close();
      }
    }
  }

  /** Refuses an existing --out without --force (before any work), then opens the model and split. */
  Opened open(String split) throws IOException {
    Overwrite.force(force).check(out);
    SavedEncoder enc = SavedEncoder.load(model);
    SplitRecords set = null;
    try {
      set = SplitRecords.open(data, split);
      enc.requireCompatible(set.shape(), data);
      return new Opened(enc, set, new InferenceImages(set));
    } catch (RuntimeException | IOException e) {
      if (set != null) {
        set.close();
      }
      enc.close();
      throw e;
    }
  }

  /** A hidden sibling of --out to write the output in. */
  Path temp() throws IOException {
    return AtomicFiles.tempSibling(out);
  }

  /** Moves the finished output into place as --out. */
  void commit(Path temp) throws IOException {
    AtomicFiles.commitDirectory(temp, out, Overwrite.force(force));
  }
}
