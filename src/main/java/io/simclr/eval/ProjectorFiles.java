package io.simclr.eval;

import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.ImageShape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The files TensorBoard's Embedding Projector loads as they are: {@code tensors.tsv} (one row of
 * tab-separated values per image, no header), {@code metadata.tsv} (a header row, then index and key
 * per image), {@code sprite.png} (every image as a thumbnail, row after row, at most
 * {@value #MAX_SPRITE} pixels a side) and {@code projector_config.pbtxt}, which names them.
 */
public final class ProjectorFiles {
  /** The projector's (WebGL texture) limit on a sprite's side. */
  public static final int MAX_SPRITE = 8192;

  private ProjectorFiles() {}

  /** The sprite's layout: {@code columns} thumbnails of {@code thumb} pixels a row. */
  public record Sprite(int columns, int thumbHeight, int thumbWidth) {
    /** Images as large as they are where they fit, else scaled down alike so that all of them fit. */
    public static Sprite of(int n, ImageShape shape) {
      int columns = (int) Math.ceil(Math.sqrt(Math.max(1, n)));
      int side = Math.max(shape.height(), shape.width());
      double scale = Math.min(1.0, (double) (MAX_SPRITE / columns) / side);
      return new Sprite(columns, Math.max(1, (int) Math.floor(shape.height() * scale)),
          Math.max(1, (int) Math.floor(shape.width() * scale)));
    }

    int rows(int n) {
      return (n + columns - 1) / columns;
    }
  }

  /** Writes the four files into {@code dir} (which must exist); {@code images} gives the pixels of the rows of {@code e}. */
  public static Sprite write(Path dir, float[][] e, List<String> keys, InferenceImages images) throws IOException {
    AtomicFiles.write(dir.resolve("tensors.tsv"), out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      StringBuilder line = new StringBuilder();
      for (float[] row : e) {
        line.setLength(0);
        for (int j = 0; j < row.length; j++) {
          line.append(j == 0 ? "" : "\t").append(row[j]);
        }
        w.write(line.append('\n').toString());
      }
      w.flush();
    });
    AtomicFiles.write(dir.resolve("metadata.tsv"), out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      // two columns, so the projector expects a header row
      w.write("index\tkey\n");
      for (int i = 0; i < keys.size(); i++) {
        w.write(i + "\t" + keys.get(i).replace('\t', ' ').replace('\n', ' ') + "\n");
      }
      w.flush();
    });
    Sprite sprite = Sprite.of(e.length, images.shape());
    writeSprite(dir.resolve("sprite.png"), e.length, images, sprite);
    String config = "embeddings {\n"
        + "  tensor_name: \"simclr\"\n"
        + "  tensor_shape: " + e.length + "\n"
        + "  tensor_shape: " + (e.length == 0 ? 0 : e[0].length) + "\n"
        + "  tensor_path: \"tensors.tsv\"\n"
        + "  metadata_path: \"metadata.tsv\"\n"
        + "  sprite {\n"
        + "    image_path: \"sprite.png\"\n"
        + "    single_image_dim: " + sprite.thumbWidth() + "\n"
        + "    single_image_dim: " + sprite.thumbHeight() + "\n"
        + "  }\n"
        + "}\n";
    AtomicFiles.writeString(dir.resolve("projector_config.pbtxt"), config);
    return sprite;
  }

  private static void writeSprite(Path png, int n, InferenceImages images, Sprite s) throws IOException {
    ImageShape shape = images.shape();
    BufferedImage sheet = new BufferedImage(s.columns() * s.thumbWidth(), s.rows(n) * s.thumbHeight(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      int chunk = images.chunkSize(500);
      for (int from = 0; from < n; from += chunk) {
        int count = Math.min(chunk, n - from);
        float[] px = images.pixels(from, count);
        int per = shape.pixelsPerImage();
        for (int i = 0; i < count; i++) {
          float[] one = java.util.Arrays.copyOfRange(px, i * per, (i + 1) * per);
          int at = from + i;
          int x = (at % s.columns()) * s.thumbWidth();
          int y = (at / s.columns()) * s.thumbHeight();
          BufferedImage im = ContactSheet.image(one, shape);
          if (s.thumbWidth() == shape.width() && s.thumbHeight() == shape.height()) {
            sheet.setRGB(x, y, shape.width(), shape.height(), im.getRGB(0, 0, shape.width(), shape.height(), null, 0,
                shape.width()), 0, shape.width());
          } else {
            g.drawImage(im, x, y, s.thumbWidth(), s.thumbHeight(), null);
          }
        }
      }
    } finally {
      g.dispose();
    }
    Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp");
    if (!ImageIO.write(sheet, "png", tmp.toFile())) {
      throw new IOException(png + ": no PNG writer");
    }
    Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
