package io.simclr.input;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.augment.AugmentConfig;
import io.simclr.util.ImageShape;
import io.simclr.runtime.SessionConfigs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CropDecoderTest {
  static byte[] png(BufferedImage im) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(im, "png", b));
    return b.toByteArray();
  }

  /** R = 4x, G = 8y, B = (x + 3y) mod 256. */
  static BufferedImage ramps(int w, int h) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) im.setRGB(x, y, (4 * x) << 16 | (8 * y) << 8 | ((x + 3 * y) & 255));
    return im;
  }

  static byte[] rgb(BufferedImage im) {
    byte[] out = new byte[im.getWidth() * im.getHeight() * 3];
    int i = 0;
    for (int y = 0; y < im.getHeight(); y++) {
      for (int x = 0; x < im.getWidth(); x++) {
        int p = im.getRGB(x, y);
        out[i++] = (byte) (p >> 16);
        out[i++] = (byte) (p >> 8);
        out[i++] = (byte) p;
      }
    }
    return out;
  }

  static CropDecoder decoder(ImageShape shape, AugmentConfig c, int batch) {
    return new CropDecoder(shape, c, 5, 2, batch, SessionConfigs.threads(1, 1));
  }

  @Test
  void theWholeImageAtTrainingSizeComesBackExactly() throws Exception {
    BufferedImage im = ramps(8, 8);
    ImageShape shape = new ImageShape(8, 8, 3);
    try (CropDecoder d = decoder(shape, AugmentConfig.identity(), 1)) {
      byte[] out = new byte[2 * shape.pixelsPerImage()];
      d.decode(3, List.of(png(im)), new int[] {0}, 1, out, 1, 0);
      byte[] expected = rgb(im);
      assertArrayEquals(expected, Arrays.copyOfRange(out, 0, expected.length), "view 1");
      assertArrayEquals(expected, Arrays.copyOfRange(out, expected.length, 2 * expected.length), "view 2");
    }
  }

  @Test
  void cropsAreSquareInPixelsOfAnyImageAndScaledAsDrawn() throws Exception {
    // 64 x 32 image, a quarter of its area, aspect 1 in pixels: a crop of sqrt(512) = 22.6 px square
    BufferedImage im = ramps(64, 32);
    ImageShape shape = new ImageShape(8, 8, 3);
    AugmentConfig c = AugmentConfig.identity().withCropMinArea(0.25).withCropMaxArea(0.25);
    try (CropDecoder d = decoder(shape, c, 4)) {
      byte[] out = new byte[2 * 4 * shape.pixelsPerImage()];
      byte[] file = png(im);
      d.decode(11, List.of(file, file, file, file), new int[] {0, 1, 2, 3}, 4, out, 4, 0);
      double side = Math.sqrt(0.25 * 64 * 32);
      for (int v = 0; v < 8; v++) {
        int base = v * shape.pixelsPerImage();
        // mean slope over the interior, in source pixels per output pixel
        double dx = 0;
        double dy = 0;
        for (int k = 2; k < 5; k++) {
          dx += ((out[base + (4 * 8 + k + 1) * 3] & 0xff) - (out[base + (4 * 8 + k) * 3] & 0xff)) / 4.0;
          dy += ((out[base + ((k + 1) * 8 + 4) * 3 + 1] & 0xff) - (out[base + (k * 8 + 4) * 3 + 1] & 0xff)) / 8.0;
        }
        assertEquals(side / 8, dx / 3, 0.2, "view " + v + " width");
        assertEquals(side / 8, dy / 3, 0.2, "view " + v + " height");
      }
    }
  }

  @Test
  void aShareOfTheBatchGetsTheViewsTheWholeBatchGivesIt() throws Exception {
    ImageShape shape = new ImageShape(6, 6, 1);
    AugmentConfig c = AugmentConfig.defaults(6);
    List<byte[]> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) files.add(png(ramps(10 + 3 * i, 9 + i)));
    int per = shape.pixelsPerImage();
    try (CropDecoder d = decoder(shape, c, 6)) {
      byte[] all = new byte[2 * 6 * per];
      d.decode(7, files.subList(0, 4), new int[] {0, 1, 2, 3}, 6, all, 6, 0);
      d.decode(7, files.subList(4, 6), new int[] {4, 5}, 6, all, 6, 4);
      // a worker holding images 3..5 of the batch
      byte[] share = new byte[2 * 3 * per];
      d.decode(7, files.subList(3, 6), new int[] {3, 4, 5}, 6, share, 3, 0);
      for (int v = 0; v < 2; v++) {
        for (int j = 0; j < 3; j++) {
          assertArrayEquals(Arrays.copyOfRange(all, (v * 6 + 3 + j) * per, (v * 6 + 4 + j) * per),
              Arrays.copyOfRange(share, (v * 3 + j) * per, (v * 3 + j + 1) * per), "view " + v + " image " + (3 + j));
        }
      }
      byte[] again = new byte[2 * 6 * per];
      d.decode(7, files.subList(0, 4), new int[] {0, 1, 2, 3}, 6, again, 6, 0);
      d.decode(7, files.subList(4, 6), new int[] {4, 5}, 6, again, 6, 4);
      assertArrayEquals(all, again, "same step, same views");
      d.decode(8, files.subList(0, 4), new int[] {0, 1, 2, 3}, 6, again, 6, 0);
      assertFalse(Arrays.equals(all, again), "another step, other crops");
    }
  }

  @Test
  void aBadImageIsNamedWithinItsChunk() throws Exception {
    ImageShape shape = new ImageShape(4, 4, 3);
    try (CropDecoder d = decoder(shape, AugmentConfig.defaults(4), 3)) {
      byte[] good = png(ramps(5, 5));
      var e = assertThrows(CropDecoder.BadImageException.class, () -> d.decode(1, List.of(good, "junk".getBytes(), good),
          new int[] {0, 1, 2}, 3, new byte[2 * 3 * shape.pixelsPerImage()], 3, 0));
      assertEquals(1, e.element);
    }
  }
}
