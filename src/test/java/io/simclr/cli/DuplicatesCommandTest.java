package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duplicates end to end on a folder with planted exact copies under other names. */
class DuplicatesCommandTest {
  @TempDir Path tmp;

  @Test
  void plantedCopiesAreFoundInAnUnlabelledFolder() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Random r = new Random(9);
    for (int i = 0; i < 40; i++) {
      BufferedImage im = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          im.setRGB(x, y, r.nextInt(1 << 24));
        }
      }
      ImageIO.write(im, "png", photos.resolve(String.format("img-%02d.png", i)).toFile());
    }
    for (int i : new int[] {3, 17, 28}) {
      Files.copy(photos.resolve(String.format("img-%02d.png", i)), photos.resolve(String.format("copy-of-%02d.png", i)));
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path data = tmp.resolve("data");
    assertEquals(0, CliTest.run(err, "prep", "--format", "folder", "--input", photos.toString(), "--size", "16",
        "--out", data.toString()), err::toString);
    Path run = tmp.resolve("run");
    assertEquals(0, CliTest.run(err, "pretrain", "--data", data.toString(), "--out", run.toString(), "--steps", "2",
        "--batch-size", "8", "--head-hidden", "16", "--projection-dim", "8", "--lr-scaling", "none", "--lr", "0.1",
        "--warmup-epochs", "0", "--monitor-every", "-1"), err::toString);
    Path out = tmp.resolve("dups");
    assertEquals(0, CliTest.run(err, "duplicates", "--model", run.resolve("saved-model").toString(), "--data",
        data.toString(), "--threshold", "0.99999", "--out", out.toString()), err::toString);
    // identical pixels give identical embeddings: each copy pairs with its original
    Set<String> pairs = new HashSet<>();
    for (String line : Files.readAllLines(out.resolve("pairs.csv")).subList(1, Files.readAllLines(out.resolve("pairs.csv")).size())) {
      String[] f = line.split(",");
      pairs.add(f[2].replace("\"", "") + "|" + f[3].replace("\"", ""));
      pairs.add(f[3].replace("\"", "") + "|" + f[2].replace("\"", ""));
    }
    for (int i : new int[] {3, 17, 28}) {
      String a = String.format("img-%02d.png", i);
      String b = String.format("copy-of-%02d.png", i);
      assertTrue(pairs.contains(a + "|" + b), a + " and " + b + " in " + pairs);
    }
    List<String> groups = Files.readAllLines(out.resolve("groups.csv"));
    assertTrue(groups.size() >= 1 + 6, String.join("\n", groups));
    assertTrue(Files.isRegularFile(out.resolve("group-000.png")));

    // select: 12 diverse images, never both an image and its copy; the copies' uniqueness is 0
    Path sel = tmp.resolve("select");
    assertEquals(0, CliTest.run(err, "select", "--model", run.resolve("saved-model").toString(), "--data",
        data.toString(), "--count", "12", "--neighbours", "1", "--out", sel.toString()), err::toString);
    List<String> chosen = Files.readAllLines(sel.resolve("selection.csv"));
    assertEquals(1 + 12, chosen.size(), String.join("\n", chosen));
    Set<String> chosenKeys = new HashSet<>();
    for (String line : chosen.subList(1, chosen.size())) {
      chosenKeys.add(line.split(",")[2].replace("\"", "").replace("copy-of-", "img-"));
    }
    assertEquals(12, chosenKeys.size(), "no image chosen with its copy: " + chosen);
    for (String line : Files.readAllLines(sel.resolve("uniqueness.csv")).subList(1, 44)) {
      String[] f = line.split(",");
      String key = f[1].replace("\"", "");
      boolean copied = key.startsWith("copy-of-") || Set.of("img-03.png", "img-17.png", "img-28.png").contains(key);
      assertEquals(copied, Double.parseDouble(f[2]) < 1e-6, line);
    }
    assertTrue(Files.isRegularFile(sel.resolve("selection-00.png")) && Files.isRegularFile(sel.resolve("outliers.png")));
  }
}
