package io.simclr.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
  @TempDir Path tmp;

  static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) im.setRGB(x, y, rgb);
    return im;
  }

  static void write(BufferedImage im, String fmt, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(im, fmt, file.toFile()));
  }

  /** A PNG whose IHDR (with a valid CRC) declares w x h and which has no image data. */
  static byte[] pngHeaderOnly(int w, int h) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes()).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 17 + 4);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    b.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return b.array();
  }

  @Test
  void readsPngAndJpegResizedWithLabels() throws Exception {
    write(solid(10, 6, 0xff0000), "png", tmp.resolve("a_red/1.png"));
    write(solid(40, 40, 0x00ff00), "jpg", tmp.resolve("b_green/1.jpg"));
    write(solid(8, 8, 0x0000ff), "bmp", tmp.resolve("b_green/2.bmp"));
    ImageFolderReader r = new ImageFolderReader(4, 3, true, System.err);
    List<String> classes = ImageFolderReader.classFolders(tmp);
    assertEquals(List.of("a_red", "b_green"), classes);
    ImageSet s = r.read(tmp, classes);
    assertEquals(3, s.size());
    assertArrayEquals(new int[] {0, 1, 1}, s.labels());
    assertEquals(new ImageShape(4, 4, 3), s.shape());
    // PNG decodes exactly; resize of a solid colour keeps it.
    assertEquals(255, s.pixels()[0] & 0xff);
    assertEquals(0, s.pixels()[1] & 0xff);
    // JPEG is lossy: green within a few levels.
    int g = 48 + 5 * 3 + 1;
    assertTrue((s.pixels()[g] & 0xff) > 240, "green " + (s.pixels()[g] & 0xff));
    assertEquals(255, s.pixels()[2 * 48 + 2] & 0xff); // BMP blue
  }

  @Test
  void grayscaleUsesLuminance() throws Exception {
    write(solid(3, 3, 0xff0000), "png", tmp.resolve("c/1.png"));
    ImageSet s = new ImageFolderReader(3, 1, true, System.err).read(tmp, List.of("c"));
    assertEquals(Math.round(0.299 * 255), s.pixels()[4] & 0xff);
  }

  @Test
  void undecodableCountedAndSkippedOrStrictFails() throws Exception {
    write(solid(5, 5, 0x123456), "png", tmp.resolve("c/ok.png"));
    Files.write(tmp.resolve("c/bad.png"), new byte[] {1, 2, 3, 4, 5});
    Files.write(tmp.resolve("c/empty.jpg"), new byte[0]);
    Files.write(tmp.resolve("c/huge.png"), pngHeaderOnly(100000, 100000));
    ByteArrayOutputStream warn = new ByteArrayOutputStream();
    ImageFolderReader lenient = new ImageFolderReader(4, 3, false, new PrintStream(warn));
    ImageSet s = lenient.read(tmp, List.of("c"));
    assertEquals(1, s.size());
    assertEquals(3, lenient.skipped());
    assertTrue(warn.toString().contains("bad.png"), warn.toString());
    assertTrue(warn.toString().contains("100000x100000"), warn.toString());
    var e = assertThrows(DataFormatException.class,
        () -> new ImageFolderReader(4, 3, true, System.err).read(tmp, List.of("c")));
    assertTrue(e.getMessage().contains("c/"), e.getMessage());
  }

  @Test
  void emptyRootAndEmptyClassFolder() throws Exception {
    var e = assertThrows(DataFormatException.class, () -> ImageFolderReader.classFolders(tmp));
    assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
    Files.createDirectories(tmp.resolve("empty"));
    write(solid(2, 2, 0), "png", tmp.resolve("full/x.png"));
    e = assertThrows(DataFormatException.class,
        () -> new ImageFolderReader(2, 3, false, System.err).read(tmp, ImageFolderReader.classFolders(tmp)));
    assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("no readable images"), e.getMessage());
  }
}
