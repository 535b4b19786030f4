package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.data.ImageSet;
import io.simclr.input.InferenceImages;
import io.simclr.util.ImageShape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Embedding Projector's files read back: rows, metadata, and each image in its sprite cell. */
class ProjectorFilesTest {
  @TempDir Path tmp;

  @Test
  void everyImageIsInItsSpriteCellAndEveryRowInTheTsv() throws Exception {
    // 5 gray 3 x 2 images whose pixel (y, x) of image i is 40 i + 10 y + x
    ImageShape shape = new ImageShape(2, 3, 1);
    byte[] px = new byte[5 * 6];
    for (int i = 0; i < 5; i++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          px[i * 6 + y * 3 + x] = (byte) (40 * i + 10 * y + x);
        }
      }
    }
    ImageSet set = new ImageSet(px, new int[] {0, 1, 0, 1, 0}, shape, List.of("a", "b"));
    float[][] e = {{1f, -2.5f}, {0.125f, 3f}, {0f, 0f}, {1e-7f, 7f}, {-1f, 1f}};
    try (InferenceImages images = new InferenceImages(set)) {
      ProjectorFiles.write(tmp, e, List.of("a", "b", "a", "b", "a\tx"), images);
    }
    List<String> tensors = Files.readAllLines(tmp.resolve("tensors.tsv"));
    assertEquals(List.of("1.0\t-2.5", "0.125\t3.0", "0.0\t0.0", "1.0E-7\t7.0", "-1.0\t1.0"), tensors);
    assertEquals(List.of("index\tkey", "0\ta", "1\tb", "2\ta", "3\tb", "4\ta x"),
        Files.readAllLines(tmp.resolve("metadata.tsv")));
    // ceil(sqrt(5)) = 3 columns, 2 rows of 3 x 2 thumbnails at full size
    BufferedImage sprite = ImageIO.read(tmp.resolve("sprite.png").toFile());
    assertEquals(9, sprite.getWidth());
    assertEquals(4, sprite.getHeight());
    for (int i = 0; i < 5; i++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          int v = 40 * i + 10 * y + x;
          int rgb = sprite.getRGB((i % 3) * 3 + x, (i / 3) * 2 + y) & 0xffffff;
          assertEquals(v << 16 | v << 8 | v, rgb, "image " + i + " pixel " + y + "," + x);
        }
      }
    }
    String config = Files.readString(tmp.resolve("projector_config.pbtxt"));
    assertTrue(config.contains("tensor_shape: 5\n  tensor_shape: 2") && config.contains("single_image_dim: 3\n"
        + "    single_image_dim: 2"), config);
  }

  @Test
  void largeSetsShrinkTheirThumbnailsToKeepTheSpriteWithinTheLimit() {
    // 100,000 images of 28 x 28: 317 columns, 8192 / 317 = 25 pixels each
    ProjectorFiles.Sprite s = ProjectorFiles.Sprite.of(100_000, new ImageShape(28, 28, 1));
    assertEquals(317, s.columns());
    assertEquals(25, s.thumbWidth());
    assertEquals(25, s.thumbHeight());
    assertTrue(s.columns() * s.thumbWidth() <= ProjectorFiles.MAX_SPRITE);
    assertTrue((100_000 + 316) / 317 * s.thumbHeight() <= ProjectorFiles.MAX_SPRITE);
    // 10,000 fit at full size: 100 x 28 = 2,800 pixels
    assertEquals(28, ProjectorFiles.Sprite.of(10_000, new ImageShape(28, 28, 1)).thumbWidth());
  }
}
