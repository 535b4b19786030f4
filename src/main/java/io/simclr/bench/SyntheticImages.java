package io.simclr.bench;

import io.simclr.data.ImageFormat;
import io.simclr.input.ImageCodec;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A folder of generated photo-like images for input benchmarks: random sizes, a colour gradient,
 * shapes and sensor-like noise (so JPEGs come out at photo-like sizes, tens of kB), in class
 * folders or flat. Image i depends only on (seed, i), so folders of 10,000 and 100,000 images
 * share their first 10,000.
 */
public final class SyntheticImages {
  /** How to generate: {@code classes} 0 for a flat folder. */
  public record Spec(int count, int minSide, int maxSide, int classes, ImageFormat format, long seed) {}

  private SyntheticImages() {}

  public static void write(Path dir, Spec spec, int threads, PrintStream log) throws IOException {
    Files.createDirectories(dir);
    AtomicInteger done = new AtomicInteger();
    long t0 = System.nanoTime();
    try (ImageCodec codec = new ImageCodec(threads)) {
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
      try {
        pool.submit(() -> IntStream.range(0, spec.count()).parallel().forEach(i -> {
          try {
            writeOne(dir, spec, i, codec);
          } catch (IOException | ImageCodec.ImageException e) {
            throw new UncheckedIOException(new IOException("image " + i + ": " + e.getMessage(), e));
          }
          int n = done.incrementAndGet();
          if (n % 5000 == 0) {
            log.printf("generated %,d/%,d images (%.0f/s)%n", n, spec.count(), n / ((System.nanoTime() - t0) / 1e9));
          }
        })).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException(e.getCause().getMessage(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void writeOne(Path dir, Spec spec, int i, ImageCodec codec) throws IOException, ImageCodec.ImageException {
    Random r = new Random(spec.seed() * 1_000_003L + i);
    int w = spec.minSide() + r.nextInt(spec.maxSide() - spec.minSide() + 1);
    int h = spec.minSide() + r.nextInt(spec.maxSide() - spec.minSide() + 1);
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = im.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, color(r), w, h, color(r)));
    g.fillRect(0, 0, w, h);
    for (int k = 0, n = 4 + r.nextInt(12); k < n; k++) {
      g.setPaint(new GradientPaint(r.nextInt(w), r.nextInt(h), color(r), r.nextInt(w), r.nextInt(h), color(r)));
      int sw = 10 + r.nextInt(w / 2);
      int sh = 10 + r.nextInt(h / 2);
      if (r.nextBoolean()) {
        g.fillOval(r.nextInt(w) - sw / 2, r.nextInt(h) - sh / 2, sw, sh);
      } else {
        g.fillRect(r.nextInt(w) - sw / 2, r.nextInt(h) - sh / 2, sw, sh);
      }
    }
    g.dispose();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0, p = 0; y < h; y++) {
      im.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int noise = r.nextInt(13) - 6;
        rgb[p++] = clip((row[x] >> 16 & 255) + noise);
        rgb[p++] = clip((row[x] >> 8 & 255) + noise);
        rgb[p++] = clip((row[x] & 255) + noise);
      }
    }
    byte[] file = codec.encode(rgb, h, w, h, w, spec.format());
    String name = String.format("img%07d.%s", i, spec.format() == ImageFormat.JPEG ? "jpg" : "png");
    Path out = spec.classes() > 0 ? dir.resolve("class" + (i % spec.classes())).resolve(name) : dir.resolve(name);
    Files.createDirectories(out.getParent());
    Files.write(out, file);
  }

  private static Color color(Random r) {
    return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  private static byte clip(int v) {
    return (byte) Math.max(0, Math.min(255, v));
  }
}
