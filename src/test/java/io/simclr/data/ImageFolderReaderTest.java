package io.simclr.data;

import io.simclr.util.ImageShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image files as the models read them (embed, neighbors): the stored values, not a colour-managed view. */
class ImageFolderReaderTest {
  @TempDir Path tmp;

  @Test
  void greyPngsKeepTheirStoredValues() throws Exception {
    // 8-bit grey at the model's size: every value as stored (Java2D alone would brighten 128 to ~188)
    int side = 4;
    BufferedImage grey = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    byte[] expected = new byte[side * side];
    for (int i = 0; i < expected.length; i++) {
      int v = i * 17;
      grey.getRaster().setSample(i % side, i / side, 0, v);
      expected[i] = (byte) v;
    }
    Path f = tmp.resolve("grey.png");
    ImageIO.write(grey, "png", f.toFile());
    ImageSet one = ImageFolderReader.readFiles(List.of(f), new ImageShape(side, side, 1));
    assertArrayEquals(expected, one.pixels());
    // as RGB: the grey value in every channel
    ImageSet three = ImageFolderReader.readFiles(List.of(f), new ImageShape(side, side, 3));
    byte[] rgb = new byte[3 * expected.length];
    for (int i = 0; i < expected.length; i++) {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = expected[i];
    }
    assertArrayEquals(rgb, three.pixels());
    // 16-bit grey: the high byte
    BufferedImage deep = new BufferedImage(side, side, BufferedImage.TYPE_USHORT_GRAY);
    for (int i = 0; i < expected.length; i++) {
      deep.getRaster().setSample(i % side, i / side, 0, (i * 17) << 8 | 0x7f);
    }
    Path g = tmp.resolve("deep.png");
    ImageIO.write(deep, "png", g.toFile());
    assertArrayEquals(expected, ImageFolderReader.readFiles(List.of(g), new ImageShape(side, side, 1)).pixels());
  }
}
