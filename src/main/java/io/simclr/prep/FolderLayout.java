package io.simclr.prep;

import io.simclr.data.DataFormatException;
import io.simclr.data.ExampleCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a source folder holds: the parts to read (the whole folder, or {@code train/} and
 * {@code test/}), whether images are labelled by class folder, and the class names. Images are
 * visited in a fixed order (class by class, then sorted paths, depth first) without listing the
 * whole tree at once; hidden entries are ignored and symbolic links to folders below the class
 * level are not followed (no loops).
 */
final class FolderLayout {
  /** A folder to read, into a fixed split or ({@code split} null) into train/test by fraction. */
  record Part(Path root, String split) {}

  /** One image file, its path relative to the folder prepared, and its label ({@link ExampleCodec#NO_LABEL} when unlabelled). */
  record Item(Path file, String name, int label) {}

  interface Visitor {
    void visit(Item item) throws IOException;
  }

  final Path root;
  final List<Part> parts;
  final List<String> classNames;

  private FolderLayout(Path root, List<Part> parts, List<String> classNames) {
    this.root = root;
    this.parts = parts;
    this.classNames = classNames;
  }

  boolean labelled() {
    return !classNames.isEmpty();
  }

  static FolderLayout of(Path root, Labels labels) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new DataFormatException(root, "not a directory");
    }
    Path train = root.resolve("train");
    boolean split = Files.isDirectory(train) && Files.isDirectory(root.resolve("test"));
    Path labelRoot = split ? train : root;
    boolean byFolder = switch (labels) {
      case FOLDERS -> true;
      case NONE -> false;
      case AUTO -> looksLikeClassFolders(labelRoot);
    };
    List<String> classes = byFolder ? classFolders(labelRoot) : List.of();
    if (split && byFolder) {
      for (String name : classFolders(root.resolve("test"))) {
        if (!classes.contains(name)) {
          throw new DataFormatException(root.resolve("test").resolve(name), "class folder not among " + classes);
        }
      }
    }
    List<Part> parts = split ? List.of(new Part(train, "train"), new Part(root.resolve("test"), "test"))
        : List.of(new Part(root, null));
    return new FolderLayout(root, parts, classes);
  }

  String describe() {
    return labelled() ? "labels: " + classNames.size() + " class folders (" + abbreviate(classNames) + ")"
        : "no labels: every image below the folder (--labels folders reads class folders)";
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 8 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 8)) + ", ... " + names.size() + " in all";
  }

  /** Every image of {@code part}, in order. */
  void walk(Part part, Visitor v) throws IOException {
    if (!labelled()) {
      walkTree(part.root(), ExampleCodec.NO_LABEL, v);
      return;
    }
    for (int c = 0; c < classNames.size(); c++) {
      Path dir = part.root().resolve(classNames.get(c));
      if (Files.isDirectory(dir)) {
        walkTree(dir, c, v);
      } else if (part.split() == null || part.split().equals("train")) {
        throw new DataFormatException(dir, "class folder missing");
      }
    }
  }

  /** How many files {@link #walk} visits in {@code part}. */
  long count(Part part) throws IOException {
    long[] n = {0};
    walk(part, item -> n[0]++);
    return n[0];
  }

  private void walkTree(Path dir, int label, Visitor v) throws IOException {
    for (Path p : sortedChildren(dir)) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        walkTree(p, label, v);
      } else {
        v.visit(new Item(p, root.relativize(p).toString(), label));
      }
    }
  }

  private static List<Path> sortedChildren(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  /** Sorted names of the class folders directly under {@code root}. */
  static List<String> classFolders(Path root) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path p : sortedChildren(root)) {
      if (Files.isDirectory(p)) {
        names.add(p.getFileName().toString());
      }
    }
    if (names.isEmpty()) {
      throw new DataFormatException(root, "has no class sub-folders (expected root/<class>/<image>; "
          + "--labels none reads an unlabelled folder)");
    }
    return names;
  }

  /** Only sub-folders at the top, each holding files directly: the usual class-folder layout. */
  private static boolean looksLikeClassFolders(Path root) throws IOException {
    List<Path> children = sortedChildren(root);
    if (children.isEmpty() || children.stream().anyMatch(p -> !Files.isDirectory(p))) {
      return false;
    }
    for (Path d : children) {
      try (Stream<Path> s = Files.list(d)) {
        if (s.noneMatch(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p))) {
          return false;
        }
      }
    }
    return true;
  }
}
