package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit on a folder with one planted example of every issue beside ordinary images. */
class AuditCommandTest {
  @TempDir Path tmp;

  /** Coloured rectangles with pixel noise: sharp, varied, neither dark nor light. */
  private static int[][] ordinary(int w, int h, Random r) {
    int[][] rgb = new int[h][w];
    int bg = r.nextInt(1 << 24);
    for (int[] row : rgb) java.util.Arrays.fill(row, bg);
    for (int k = 0; k < 8; k++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h), c = r.nextInt(1 << 24);
      for (int y = y0; y < Math.min(h, y0 + 4 + r.nextInt(h / 2)); y++) {
        for (int x = x0; x < Math.min(w, x0 + 4 + r.nextInt(w / 2)); x++) rgb[y][x] = c;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int n = r.nextInt(41) - 20;
        int p = rgb[y][x];
        rgb[y][x] = clamp((p >> 16 & 255) + n) << 16 | clamp((p >> 8 & 255) + n) << 8 | clamp((p & 255) + n);
      }
    }
    return rgb;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static int[][] map(int[][] rgb, IntUnaryOperator channel) {
    int[][] out = new int[rgb.length][rgb[0].length];
    for (int y = 0; y < rgb.length; y++) {
      for (int x = 0; x < rgb[0].length; x++) {
        int p = rgb[y][x];
        out[y][x] = channel.applyAsInt(p >> 16 & 255) << 16 | channel.applyAsInt(p >> 8 & 255) << 8
            | channel.applyAsInt(p & 255);
      }
    }
    return out;
  }

  /** Three passes of a 9 x 9 box blur. */
  private static int[][] blurred(int[][] rgb) {
    int h = rgb.length, w = rgb[0].length;
    int[][] cur = rgb;
    for (int pass = 0; pass < 3; pass++) {
      int[][] next = new int[h][w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int[] s = new int[3];
          int n = 0;
          for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
              int yy = Math.max(0, Math.min(h - 1, y + dy)), xx = Math.max(0, Math.min(w - 1, x + dx));
              int p = cur[yy][xx];
              s[0] += p >> 16 & 255; s[1] += p >> 8 & 255; s[2] += p & 255;
              n++;
            }
          }
          next[y][x] = (s[0] / n) << 16 | (s[1] / n) << 8 | s[2] / n;
        }
      }
      cur = next;
    }
    return cur;
  }

  private static void write(int[][] rgb, Path f, String format) throws Exception {
    BufferedImage im = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < rgb.length; y++) for (int x = 0; x < rgb[0].length; x++) im.setRGB(x, y, rgb[y][x]);
    assertTrue(ImageIO.write(im, format, f.toFile()));
  }

  @Test
  void everyPlantedIssueIsFlaggedAndOrdinaryImagesAreNot() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("photos/sub"));
    Random r = new Random(8);
    for (int i = 0; i < 12; i++) write(ordinary(64, 64, r), in.resolve(String.format("ok-%02d.png", i)), "png");
    int[][] base = ordinary(64, 64, r);
    write(map(base, v -> v * 15 / 100), in.resolve("dark.png"), "png");
    write(map(base, v -> 243 + v * 12 / 255), in.resolve("light.png"), "png");
    write(blurred(base), in.resolve("blurry.png"), "png");
    int[][] flat = new int[64][64];
    for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) flat[y][x] = x < 32 ? 0x404040 : 0x808080 + 0x10000;
    write(flat, in.resolve("low-information.png"), "png");
    write(map(base, v -> v), in.resolve("gray-source.png"), "png");
    int[][] gray = new int[64][64];
    for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) {
      int p = base[y][x], g = ((p >> 16 & 255) + (p >> 8 & 255) + (p & 255)) / 3;
      gray[y][x] = g << 16 | g << 8 | g;
    }
    write(gray, in.resolve("grayscale.png"), "png");
    write(ordinary(256, 48, r), in.resolve("wide.png"), "png");
    write(ordinary(16, 16, r), in.resolve("tiny.png"), "png");
    Files.copy(in.resolve("ok-03.png"), in.resolve("x-copy-of-ok-03.png"));
    write(ordinary(64, 64, new Random(99)), in.resolve("re-encoded-a.png"), "png");
    write(ordinary(64, 64, new Random(99)), in.resolve("re-encoded-b.bmp"), "bmp");
    Files.write(in.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    Files.writeString(in.resolve("notes.txt"), "not an image: skipped");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path out = tmp.resolve("audit");
    assertEquals(0, CliTest.run(err, "audit", "--input", tmp.resolve("photos").toString(), "--out", out.toString()),
        err::toString);
    List<String> lines = Files.readAllLines(out.resolve("audit.csv"));
    assertEquals(1 + 12 + 12, lines.size(), String.join("\n", lines));
    Map<String, String[]> byFile = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      byFile.put(f[0].replace("\"", "").replace("sub/", ""), f);
    }
    Map<String, String> expected = Map.of("dark.png", "dark", "light.png", "light", "blurry.png", "blurry",
        "low-information.png", "low_information", "grayscale.png", "grayscale", "wide.png", "odd_aspect_ratio",
        "tiny.png", "odd_size", "x-copy-of-ok-03.png", "exact_duplicate", "re-encoded-b.bmp", "exact_duplicate",
        "broken.png", "unreadable");
    for (var e : expected.entrySet()) {
      String issues = byFile.get(e.getKey())[10];
      assertTrue(List.of(issues.split(";")).contains(e.getValue()), e.getKey() + ": " + String.join(",", byFile.get(e.getKey())));
    }
    for (int i = 0; i < 12; i++) {
      String[] f = byFile.get(String.format("ok-%02d.png", i));
      assertEquals("", f[10], "an ordinary image has no issue: " + String.join(",", f));
    }
    // the later file (in sorted order) is the duplicate: the copy has the same bytes, the BMP the same pixels in other bytes
    assertEquals("ok-03.png", byFile.get("x-copy-of-ok-03.png")[8].replace("\"", "").replace("sub/", ""));
    assertEquals("true", byFile.get("x-copy-of-ok-03.png")[9]);
    assertEquals("false", byFile.get("re-encoded-b.bmp")[9]);
    assertFalse(byFile.get("broken.png")[11].isEmpty());
    assertTrue(Files.isRegularFile(out.resolve("flag-blurry.png")) && Files.isRegularFile(out.resolve("flag-exact-duplicate.png")));

    // bad input: one line, nothing written
    err.reset();
    assertEquals(2, CliTest.run(err, "audit", "--input", tmp.resolve("nowhere").toString(), "--out",
        tmp.resolve("x").toString()));
    assertTrue(err.toString().startsWith("error: ") && err.toString().contains("nowhere"), err.toString());
    assertFalse(Files.exists(tmp.resolve("x")));
  }
}
