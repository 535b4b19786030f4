package io.simclr.eval;

import io.simclr.util.ImageShape;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A row of images with a caption under each, as a PNG: a query and its neighbours, a group of duplicates. */
public final class ContactSheet {
  /** One image of the sheet: float pixels HWC in [0, 1], and up to two caption lines. */
  public record Cell(float[] pixels, String caption, String detail) {}

  static final int CELL = 112;
  static final int CAPTION = 30;
  static final int GAP = 6;

  private ContactSheet() {}

  public static void write(List<Cell> cells, ImageShape shape, Path png) throws IOException {
    int w = cells.size() * (CELL + GAP) + GAP;
    int h = CELL + CAPTION + 2 * GAP;
    BufferedImage sheet = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      // small images are enlarged pixel for pixel (no blur), large ones reduced smoothly
      boolean enlarge = Math.max(shape.height(), shape.width()) <= CELL;
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, enlarge
          ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int i = 0; i < cells.size(); i++) {
        int x = GAP + i * (CELL + GAP);
        Cell c = cells.get(i);
        double scale = (double) CELL / Math.max(shape.height(), shape.width());
        int dw = (int) Math.round(shape.width() * scale);
        int dh = (int) Math.round(shape.height() * scale);
        g.drawImage(image(c.pixels(), shape), x + (CELL - dw) / 2, GAP + (CELL - dh) / 2, dw, dh, null);
        g.setColor(Color.BLACK);
        g.drawString(fit(g, c.caption()), x, GAP + CELL + 12);
        g.setColor(Color.DARK_GRAY);
        g.drawString(fit(g, c.detail()), x, GAP + CELL + 25);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(sheet, "png", png.toFile())) {
      throw new IOException(png + ": no PNG writer");
    }
  }

  /** The text, cut to the cell's width with an ellipsis. */
  private static String fit(Graphics2D g, String s) {
    if (s == null) {
      return "";
    }
    String t = s;
    while (t.length() > 1 && g.getFontMetrics().stringWidth(t) > CELL) {
      t = t.substring(0, t.length() - 2) + "…";
    }
    return t;
  }

  static BufferedImage image(float[] px, ImageShape shape) {
    int h = shape.height();
    int w = shape.width();
    int c = shape.channels();
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int at = (y * w + x) * c;
        int r = byteOf(px[at]);
        int gr = c == 3 ? byteOf(px[at + 1]) : r;
        int b = c == 3 ? byteOf(px[at + 2]) : r;
        im.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return im;
  }

  private static int byteOf(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255f)));
  }
}
