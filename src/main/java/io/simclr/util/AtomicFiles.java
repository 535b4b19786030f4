package io.simclr.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Write-then-rename helpers: a reader sees the old complete output or the new complete output,
 * never a half-written one, even after {@code kill -9}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path file, String content) throws IOException {
    writeBytes(file, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeBytes(Path file, byte[] content) throws IOException {
    write(file, out -> out.write(content));
  }

  /** What a streamed file holds, written to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Streams {@code content} to a hidden sibling, then renames it into place: memory does not hold the file. */
  public static void write(Path file, Content content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        content.writeTo(out);
      }
      fsync(tmp);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A fresh hidden sibling directory of {@code target} to build the output in. */
  public static Path tempSibling(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.getParent().resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.createDirectory(tmp);
    return tmp;
  }

  /**
   * Moves a finished temp directory into place. With {@link Overwrite#REPLACE}, an existing
   * target is moved aside first and deleted only after the new one is in place.
   */
  public static void commitDirectory(Path tmp, Path target, Overwrite overwrite) throws IOException {
    fsyncTree(tmp);
    Path abs = target.toAbsolutePath();
    Path old = null;
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      overwrite.check(target);
      old = moveAside(abs);
    }
    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
    fsync(abs.getParent());
    if (old != null) {
      deleteRecursively(old);
    }
  }

  /**
   * Removes a visible output directory so that a crash part-way never leaves it half-deleted in
   * place: it is first renamed to a hidden {@code .name.old-*} sibling (atomic), then deleted.
   * {@link #deleteStaleTemps} clears what a crash left of that.
   */
  public static void discardDirectory(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    deleteRecursively(moveAside(abs));
  }

  /** Atomically renames {@code abs} to a hidden {@code .name.old-*} sibling and returns that. */
  private static Path moveAside(Path abs) throws IOException {
    Path old = abs.getParent().resolve("." + abs.getFileName() + ".old-" + UUID.randomUUID());
    Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
    return old;
  }

  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Deletes leftovers of interrupted writes ({@code .name.tmp-*}) next to {@code target}. */
  public static void deleteStaleTemps(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    deleteStaleTemps(abs.getParent(), "." + abs.getFileName() + ".");
  }

  /** Deletes temp and moved-aside entries in {@code dir} whose names start with {@code prefix}. */
  public static void deleteStaleTemps(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && isTemp(n)) {
          deleteRecursively(p);
        }
      }
    }
  }

  /** Whether {@code name} is a hidden temporary or moved-aside entry of this class. */
  public static boolean isTemp(String name) {
    return name.startsWith(".") && (name.contains(".tmp-") || name.contains(".old-"));
  }

  public static void fsyncTree(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          fsync(p);
        }
      }
    }
    fsync(root);
  }

  static void fsync(Path p) throws IOException {
    boolean dir = Files.isDirectory(p);
    try (FileChannel ch = FileChannel.open(p, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw e;
      }
      // Some file systems refuse to open directories for sync; the rename is still atomic.
    }
  }
}
