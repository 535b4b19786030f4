package io.simclr.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the main code, read from its imports: each package may import only
 * the packages listed for it (all of them below it). Catches a helper put where it does not belong.
 */
class LayeringTest {
  static final Path MAIN = Path.of("src/main/java/io/simclr");
  /** An import, or a fully qualified name in the code, of a class in another io.simclr package. */
  static final Pattern IMPORT = Pattern.compile("\\bio\\.simclr\\.(\\w+)\\.(?:\\w+\\.)*[A-Z]");

  static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("util", Set.of()),
      Map.entry("data", Set.of("util")),
      Map.entry("loss", Set.of()),
      Map.entry("metrics", Set.of("util")),
      // what the training loop writes as it goes: metrics.jsonl, TensorBoard, the progress line
      Map.entry("logging", Set.of("metrics", "util")),
      // the graph ops between worker processes (all-reduce, all-gather) and their gradients
      Map.entry("collective", Set.of()),
      Map.entry("model", Set.of("collective", "util")),
      Map.entry("augment", Set.of("util")),
      Map.entry("optim", Set.of("model", "util")),
      Map.entry("runtime", Set.of("util")),
      // every recipe and run-option type: what a run is asked to do, validated before anything is written
      Map.entry("config", Set.of("data", "model", "augment", "optim", "runtime", "util")),
      Map.entry("run", Set.of("config", "data", "model", "augment", "optim", "util")),
      Map.entry("workers", Set.of("collective", "config", "runtime", "util")),
      // the input pipeline: record reading, decoding, crops at source resolution, prefetching
      Map.entry("input", Set.of("data", "augment", "runtime", "util")),
      Map.entry("prep", Set.of("data", "input", "util")),
      // feeding the training graph: batch order, resident or streamed pixels, what a step is fed
      Map.entry("feed", Set.of("augment", "config", "data", "input", "run", "runtime", "util")),
      // model-free image quality checks of a folder
      Map.entry("audit", Set.of("data", "util")),
      Map.entry("export", Set.of("config", "model", "run", "runtime", "util", "input")),
      // eval reads SavedModels by export's contract (signature names), never the training code
      Map.entry("eval", Set.of("config", "data", "run", "runtime", "util", "export", "metrics", "input")),
      Map.entry("bench", Set.of("augment", "runtime", "util", "data", "input")),
      Map.entry("train", Set.of("collective", "config", "data", "model", "augment", "loss", "optim", "run", "runtime", "util", "metrics",
          "workers", "input", "logging", "feed")),
      Map.entry("cli", Set.of("config", "data", "model", "augment", "loss", "optim", "run", "runtime", "util", "metrics", "workers",
          "train", "export", "eval", "bench", "input", "prep", "audit", "feed")));

  @Test
  void everyPackageImportsOnlyWhatSitsBelowIt() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String pkg = MAIN.relativize(f).getName(0).toString();
        Set<String> allowed = ALLOWED.get(pkg);
        assertNotNull(allowed, "package " + pkg + " is missing from the layering table");
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          String dep = m.group(1);
          if (!dep.equals(pkg) && !allowed.contains(dep)) {
            violations.add(MAIN.relativize(f) + " imports io.simclr." + dep);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  /**
   * The helpers that live in TensorFlow Java's own package (to reach a graph's native handle) are
   * leaves: they import nothing of this project, and only the package each serves uses them.
   */
  static final Map<String, Set<String>> TENSORFLOW_HELPERS = Map.of(
      "GraphEdits", Set.of("train"),
      "RemoteSessions", Set.of("workers"));

  @Test
  void tensorflowPackageHelpersAreLeavesUsedWhereTheyServe() throws IOException {
    Path helpers = Path.of("src/main/java/org/tensorflow");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(helpers)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString().replace(".java", "");
        assertTrue(TENSORFLOW_HELPERS.containsKey(name), "org.tensorflow." + name + " is missing from the helper table");
        if (Files.readString(f).contains("io.simclr.")) {
          violations.add("org/tensorflow/" + f.getFileName() + " uses io.simclr code");
        }
      }
    }
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String pkg = MAIN.relativize(f).getName(0).toString();
        String code = Files.readString(f);
        TENSORFLOW_HELPERS.forEach((helper, users) -> {
          if (code.contains("org.tensorflow." + helper) && !users.contains(pkg)) {
            violations.add(MAIN.relativize(f) + " uses org.tensorflow." + helper);
          }
        });
      }
    }
    assertEquals(List.of(), violations);
  }

  /** No package but the leaf utilities is something more than half the others need. */
  @Test
  void noPackageButUtilIsImportedByMoreThanHalfTheOthers() {
    Map<String, Integer> users = new java.util.TreeMap<>();
    ALLOWED.forEach((pkg, deps) -> deps.forEach(d -> users.merge(d, 1, Integer::sum)));
    int others = ALLOWED.size() - 1;
    users.forEach((pkg, n) -> assertTrue(pkg.equals("util") || 2 * n <= others,
        pkg + " may be imported by " + n + " of " + others + " packages"));
  }

  @Test
  void onlyTheCliImportsTrain() {
    ALLOWED.forEach((pkg, deps) -> assertTrue(pkg.equals("cli") || !deps.contains("train"), pkg));
  }
}
