package io.simclr.testing;

import io.simclr.data.DataFormatException;
import io.simclr.data.SplitRecords;
import io.simclr.eval.SavedEncoder;
import io.simclr.run.EncoderSource;
import io.simclr.util.AtomicFiles;
import io.simclr.util.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Mutated copies of an exported encoder handed to what {@code linear-eval}, {@code embed} and
 * {@code finetune --from} do with a SavedModel: load it, embed a split, resolve it as a fine-tuning
 * source. Run in its own JVM (a native crash must not take the test JVM with it): one line per
 * case, flushed, so a crash names its case; the last line counts them.
 *
 * <p>Usage: SavedModelFuzz MODEL DATA WORK COUNT SEED
 */
public final class SavedModelFuzz {
  static final List<String> FILES = List.of("saved_model.pb", "variables/variables.index",
      "variables/variables.data-00000-of-00001", "assets.extra/run.json", "assets.extra/preprocessing.json");

  private SavedModelFuzz() {}

  public static void main(String[] a) throws Exception {
    Path model = Path.of(a[0]);
    Path data = Path.of(a[1]);
    Path work = Path.of(a[2]);
    int count = Integer.parseInt(a[3]);
    Mutations m = new Mutations(Long.parseLong(a[4]));
    PrintStream out = System.out;
    int rejected = 0;
    int unexpected = 0;
    try (SplitRecords test = SplitRecords.open(data, "test")) {
      for (int i = 0; i < count; i++) {
        Path copy = work.resolve("m");
        AtomicFiles.deleteRecursively(copy);
        copyTree(model, copy);
        String file = FILES.get(m.random().nextInt(FILES.size()));
        Files.write(copy.resolve(file), m.mutate(Files.readAllBytes(model.resolve(file))));
        out.println("case " + i + " " + file);
        out.flush();
        try (SavedEncoder enc = SavedEncoder.load(copy)) {
          enc.requireCompatible(test.shape(), data);
          enc.embed(test, 8);
          EncoderSource.resolve(copy).run().recipe().validate();
          out.println("  read");
        } catch (IOException | DataFormatException | InvalidConfigException e) {
          rejected++;
          if (String.valueOf(e.getMessage()).contains("\n")) {
            unexpected++;
            out.println("  UNEXPECTED multi-line message: " + e.getMessage());
          } else {
            out.println("  rejected: " + e.getMessage());
          }
        } catch (RuntimeException e) {
          unexpected++;
          out.println("  UNEXPECTED " + e);
          e.printStackTrace(out);
        }
        out.flush();
      }
    }
    out.printf("savedmodel fuzz: %d mutated SavedModels, %d rejected with one line, %d unexpected%n", count, rejected,
        unexpected);
    System.exit(unexpected == 0 ? 0 : 3);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
