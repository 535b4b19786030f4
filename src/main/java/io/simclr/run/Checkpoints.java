package io.simclr.run;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * Checkpoints under {@code <run>/checkpoints/ckpt-<step>/}. Each is written into a hidden temp
 * directory and renamed into place only when complete (marker file {@code COMPLETE} last), so a
 * crash at any moment leaves the previous checkpoints intact and no half-written one visible.
 */
public final class Checkpoints {
  static final String PREFIX = "ckpt-";
  static final String MARKER = "COMPLETE";
  static final String VARIABLES = "variables";

  private final Path dir;
  private final int keep;

  public Checkpoints(Path runDir, int keep) {
    this.dir = runDir.resolve("checkpoints");
    this.keep = keep;
  }

  public Path directory() {
    return dir;
  }

  public Path save(Session session, long step) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(PREFIX + step);
    Path tmp = AtomicFiles.tempSibling(target);
    try {
      session.save(tmp.resolve(VARIABLES).toString());
      Files.writeString(tmp.resolve(MARKER), Long.toString(step));
      AtomicFiles.commitDirectory(tmp, target, Overwrite.REPLACE);
    } catch (RuntimeException e) {
      // TensorFlow reports disk-full and permission errors as unchecked exceptions.
      throw new IOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
    prune();
    return target;
  }

  /** Complete checkpoints, oldest first. */
  public List<Long> steps() throws IOException {
    List<Long> steps = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return steps;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(PREFIX) && Files.isRegularFile(p.resolve(MARKER))) {
          try {
            steps.add(Long.parseLong(n.substring(PREFIX.length())));
          } catch (NumberFormatException ignored) {
            // not ours
          }
        }
      }
    }
    steps.sort(null);
    return steps;
  }

  public Optional<Long> latest() throws IOException {
    List<Long> s = steps();
    return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
  }

  /** The variables prefix of checkpoint {@code step}, for {@code Session.restore}. */
  public Path prefix(long step) {
    return dir.resolve(PREFIX + step).resolve(VARIABLES);
  }

  public void restore(Session session, long step) {
    session.restore(prefix(step).toString());
  }

  private void prune() throws IOException {
    List<Long> s = steps();
    for (int i = 0; i < s.size() - keep; i++) {
      // renamed aside first: a kill mid-delete must not leave a marked but gutted checkpoint
      AtomicFiles.discardDirectory(dir.resolve(PREFIX + s.get(i)));
    }
    // leftovers of saves or prunes interrupted by a crash: hidden ".ckpt-<step>.{tmp,old}-*"
    AtomicFiles.deleteStaleTemps(dir, "." + PREFIX);
  }
}
