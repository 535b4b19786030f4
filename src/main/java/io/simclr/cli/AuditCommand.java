package io.simclr.cli;

import io.simclr.audit.ImageAudit;
import io.simclr.data.ImageFolderReader;
import io.simclr.data.UnreadableImageException;
import io.simclr.eval.ContactSheet;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Csv;
import io.simclr.util.ImageShape;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import io.simclr.util.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "A quality report of every image file of a folder, without a model (after cleanvision).",
      "Flags dark, light, blurry, low-information, grayscale-in-a-colour-set, odd aspect ratio, odd size,",
      "exact duplicates (equal decoded pixels; same_bytes says whether the files are equal too) and",
      "unreadable files. Output in --out: audit.csv (one row per file: its scores, the first file it",
      "duplicates, its issues, or why it cannot be read) and flag-<issue>.png (the first --sheets",
      "flagged images of each issue). Thresholds: README, \"Auditing a folder\".",
      "",
      "Example: audit --input photos/ --out photos-audit"
    })
public final class AuditCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--input", required = true, description = "Folder of image files (searched recursively).")
  Path input;

  @Option(names = "--out", required = true, description = "Output directory (written whole, or not at all).")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Option(names = "--sheets", defaultValue = "10", description = "Images per issue's contact sheet (default ${DEFAULT-VALUE}).")
  int sheets;

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff");
  private static final int SHEET_SIDE = 64;

  /** One file's outcome: its scores, or why it cannot be read. */
  private record Row(Path file, ImageAudit.Scores scores, String error) {}

  @Override
  public Integer call() throws Exception {
    InvalidConfigException.check(Files.isDirectory(input), input + ": not a directory");
    InvalidConfigException.check(sheets >= 0, "--sheets must be 0 or more");
    Overwrite.force(force).check(out);
    List<Path> files;
    try (Stream<Path> s = Files.walk(input)) {
      files = s.filter(Files::isRegularFile).filter(AuditCommand::looksLikeImage).sorted().collect(Collectors.toList());
    }
    InvalidConfigException.check(!files.isEmpty(), input + ": no image files (" + String.join(", ", IMAGE_EXTENSIONS) + ")");
    List<Row> rows = new ArrayList<>();
    Progress progress = new Progress("audit", files.size(), "files");
    for (int from = 0; from < files.size(); from += 256) {
      List<Path> chunk = files.subList(from, Math.min(files.size(), from + 256));
      rows.addAll(chunk.parallelStream().map(AuditCommand::score).toList());
      progress.advance(chunk.size());
    }
    List<ImageAudit.Scores> readable = rows.stream().map(Row::scores).filter(s -> s != null).toList();
    List<List<ImageAudit.Issue>> flags = ImageAudit.flags(readable, ImageAudit.Thresholds.defaults());
    Path tmp = AtomicFiles.tempSibling(out);
    boolean committed = false;
    Map<ImageAudit.Issue, List<Path>> examples = new EnumMap<>(ImageAudit.Issue.class);
    Map<ImageAudit.Issue, Integer> counts = new EnumMap<>(ImageAudit.Issue.class);
    int unreadable = 0;
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("audit.csv"))) {
        w.write("file,width,height,dark,light,sharpness,information,grayscale,duplicate_of,same_bytes,issues,error\n");
        Map<Long, Row> firstWithPixels = new java.util.HashMap<>();
        int r = 0;
        for (Row row : rows) {
          String name = Csv.quote(input.relativize(row.file()).toString());
          if (row.scores() == null) {
            unreadable++;
            w.write(name + ",,,,,,,,,,unreadable," + Csv.quote(row.error()) + "\n");
            continue;
          }
          ImageAudit.Scores s = row.scores();
          List<ImageAudit.Issue> f = flags.get(r++);
          Row first = firstWithPixels.putIfAbsent(s.pixelsHash(), row);
          for (ImageAudit.Issue issue : f) {
            counts.merge(issue, 1, Integer::sum);
            List<Path> ex = examples.computeIfAbsent(issue, k -> new ArrayList<>());
            if (ex.size() < sheets) {
              ex.add(row.file());
            }
          }
          w.write(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%b,%s,%s,%s,%n", name, s.width(), s.height(),
              s.dark(), s.light(), s.sharpness(), s.information(), s.grayscale(),
              first == null ? "" : Csv.quote(input.relativize(first.file()).toString()),
              first == null ? "" : String.valueOf(first.scores().bytesHash() == s.bytesHash()),
              f.stream().map(i -> i.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(";"))));
        }
      }
      for (Map.Entry<ImageAudit.Issue, List<Path>> e : examples.entrySet()) {
        List<ContactSheet.Cell> cells = new ArrayList<>();
        for (Path f : e.getValue()) {
          cells.add(new ContactSheet.Cell(thumbnail(f), e.getKey().name().toLowerCase(Locale.ROOT), f.getFileName().toString()));
        }
        ContactSheet.write(cells, new ImageShape(SHEET_SIDE, SHEET_SIDE, 3),
            tmp.resolve("flag-" + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-') + ".png"));
      }
      AtomicFiles.commitDirectory(tmp, out, Overwrite.force(force));
      committed = true;
    } finally {
      if (!committed) {
        AtomicFiles.deleteRecursively(tmp);
      }
    }
    StringBuilder summary = new StringBuilder();
    for (ImageAudit.Issue issue : ImageAudit.Issue.values()) {
      summary.append(String.format(", %s %d", issue.name().toLowerCase(Locale.ROOT).replace('_', ' '), counts.getOrDefault(issue, 0)));
    }
    System.out.printf("audited %d files of %s: unreadable %d%s; written to %s%n", files.size(), input, unreadable, summary, out);
    return 0;
  }

  private static boolean looksLikeImage(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static Row score(Path f) {
    try {
      return new Row(f, ImageAudit.score(ImageFolderReader.readFile(f)), null);
    } catch (UnreadableImageException e) {
      return new Row(f, null, e.getMessage());
    } catch (IOException e) {
      return new Row(f, null, "cannot read (" + e.getMessage() + ")");
    }
  }

  /** The image scaled to the sheet's cell (nearest pixel), HWC floats. */
  private static float[] thumbnail(Path f) throws IOException {
    try {
      ImageFolderReader.Rgb im = ImageFolderReader.decodeRgb(ImageFolderReader.readFile(f));
      float[] out = new float[SHEET_SIDE * SHEET_SIDE * 3];
      for (int y = 0; y < SHEET_SIDE; y++) {
        for (int x = 0; x < SHEET_SIDE; x++) {
          int sy = y * im.height() / SHEET_SIDE;
          int sx = x * im.width() / SHEET_SIDE;
          for (int c = 0; c < 3; c++) {
            out[(y * SHEET_SIDE + x) * 3 + c] = (im.pixels()[(sy * im.width() + sx) * 3 + c] & 0xff) / 255f;
          }
        }
      }
      return out;
    } catch (UnreadableImageException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }
}
