package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.util.ImageShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Canvases by area averages, and what the aligned correlation accepts and refuses. */
class PixelCheckTest {
  @Test
  void aCanvasCellIsTheAreaAverageOfThePixelsItCovers() {
    // 32 x 32 gray: each 2 x 2 cell holds 0, 2, 2, 4 (/ 255) above a base of 4 (tx + ty) / 255
    ImageShape shape = new ImageShape(32, 32, 1);
    float[] px = new float[32 * 32];
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        px[y * 32 + x] = (4f * (x / 2 + y / 2) + (y % 2) * 2 + (x % 2) * 2) / 255f;
      }
    }
    byte[] t = PixelCheck.canvas(px, 0, shape, 16);
    byte[] want = new byte[16 * 16];
    for (int ty = 0; ty < 16; ty++) {
      for (int tx = 0; tx < 16; tx++) {
        // mean of 4 (tx + ty) + {0, 2, 2, 4}
        want[ty * 16 + tx] = (byte) (4 * (tx + ty) + 2);
      }
    }
    assertArrayEquals(want, t);
    // RGB: the mean of the channels
    float[] rgb = new float[32 * 32 * 3];
    for (int i = 0; i < 32 * 32; i++) {
      rgb[3 * i] = px[i] * 3;
      rgb[3 * i + 1] = 0;
      rgb[3 * i + 2] = 0;
    }
    assertArrayEquals(want, PixelCheck.canvas(rgb, 0, new ImageShape(32, 32, 3), 16));
  }

  @Test
  void brighterAndMirroredCopiesPassAndOtherImagesDoNot() {
    Random r = new Random(4);
    byte[] a = new byte[256];
    byte[] other = new byte[256];
    for (int i = 0; i < 256; i++) {
      a[i] = (byte) r.nextInt(200);
      other[i] = (byte) r.nextInt(200);
    }
    byte[] brighter = new byte[256];
    byte[] mirrored = new byte[256];
    for (int i = 0; i < 256; i++) {
      brighter[i] = (byte) Math.min(255, Math.round((a[i] & 0xff) * 1.15 + 10));
      mirrored[(i / 16) * 16 + 15 - i % 16] = a[i];
    }
    assertEquals(1.0, PixelCheck.correlation(a, brighter, 16), 1e-3);
    assertEquals(1.0, PixelCheck.correlation(a, mirrored, 16), 1e-12);
    assertTrue(PixelCheck.correlation(a, other, 16) < 0.3, "" + PixelCheck.correlation(a, other, 16));
    byte[] flat = new byte[256];
    assertEquals(1.0, PixelCheck.correlation(flat, flat.clone(), 16));
    assertEquals(0.0, PixelCheck.correlation(flat, a, 16));
    // a shift by one pixel and a 1-pixel-a-side crop scaled back are alignments it tries
    byte[] shifted = new byte[256];
    for (int i = 0; i < 256; i++) {
      shifted[i] = (i % 16) == 0 ? 0 : a[i - 1];
    }
    assertTrue(PixelCheck.correlation(a, shifted, 16) > 0.99, "" + PixelCheck.correlation(a, shifted, 16));
  }

  @Test
  void theCanvasOfAMirroredImageIsTheMirroredCanvas() {
    // 28 pixels onto 32 cells: uneven coverage, which must stay symmetric
    Random r = new Random(5);
    ImageShape shape = new ImageShape(28, 28, 1);
    float[] px = new float[28 * 28];
    float[] flipped = new float[28 * 28];
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        px[y * 28 + x] = r.nextFloat();
      }
    }
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        flipped[y * 28 + x] = px[y * 28 + 27 - x];
      }
    }
    byte[] c = PixelCheck.canvas(px, 0, shape, 20);
    byte[] f = PixelCheck.canvas(flipped, 0, shape, 20);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        assertEquals(c[y * 20 + x], f[y * 20 + 19 - x], "cell " + y + "," + x);
      }
    }
    assertEquals(1.0, PixelCheck.correlation(c, f, 20), 1e-12);
  }
}
