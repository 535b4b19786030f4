package io.simclr.prep;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.DataFormatException;
import io.simclr.data.ExampleCodec;
import io.simclr.data.ImageFormat;
import io.simclr.data.ImageSet;
import io.simclr.util.ImageShape;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SplitRecords;
import io.simclr.data.Storage;
import io.simclr.util.Overwrite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPrepTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();

  static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) im.setRGB(x, y, rgb);
    return im;
  }

  /** Every pixel different: (x * 7, y * 5, x + y) mod 256. */
  static BufferedImage pattern(int w, int h) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) im.setRGB(x, y, ((x * 7) & 255) << 16 | ((y * 5) & 255) << 8 | ((x + y) & 255));
    return im;
  }

  static void write(BufferedImage im, String fmt, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(im, fmt, file.toFile()), fmt);
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

  static FolderPrep.Options raw(int size, int channels) {
    return new FolderPrep.Options(size, channels, Storage.RAW, 0, ImageFormat.PNG, Labels.AUTO, 0, 0, true, 100, 2);
  }

  static FolderPrep.Options encoded(int size) {
    return new FolderPrep.Options(size, 3, Storage.ENCODED, 0, ImageFormat.PNG, Labels.AUTO, 0, 0, true, 100, 2);
  }

  Manifest prep(Path root, Path out, FolderPrep.Options o) throws IOException {
    return FolderPrep.prepare(root, out, o, Overwrite.REFUSE, new PrintStream(log));
  }

  static int[] rgbOf(byte[] file) throws IOException {
    BufferedImage im = ImageIO.read(new ByteArrayInputStream(file));
    return im.getRGB(0, 0, im.getWidth(), im.getHeight(), null, 0, im.getWidth());
  }

  static int[] rgbOf(BufferedImage im) {
    return im.getRGB(0, 0, im.getWidth(), im.getHeight(), null, 0, im.getWidth());
  }

  @Test
  void rawStorageReadsPngJpegBmpResizedWithLabels() throws Exception {
    Path src = tmp.resolve("src");
    write(solid(10, 6, 0xff0000), "png", src.resolve("a_red/1.png"));
    write(solid(40, 40, 0x00ff00), "jpg", src.resolve("b_green/1.jpg"));
    write(solid(8, 8, 0x0000ff), "bmp", src.resolve("b_green/2.bmp"));
    Manifest m = prep(src, tmp.resolve("out"), raw(4, 3));
    assertEquals(List.of("a_red", "b_green"), m.classNames());
    assertEquals(Storage.RAW, m.storage());
    ImageSet s = PreparedDataset.read(tmp.resolve("out"), "train");
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
  void rawGrayscaleUsesLuminance() throws Exception {
    write(solid(3, 3, 0xff0000), "png", tmp.resolve("src/c/1.png"));
    prep(tmp.resolve("src"), tmp.resolve("out"), raw(3, 1));
    ImageSet s = PreparedDataset.read(tmp.resolve("out"), "train");
    assertEquals(Math.round(0.299 * 255), s.pixels()[4] & 0xff);
  }

  @Test
  void encodedStorageKeepsJpegAndPngAndReencodesTheRestLosslessly() throws Exception {
    Path src = tmp.resolve("src");
    BufferedImage p = pattern(23, 17);
    write(p, "jpg", src.resolve("a/1.jpg"));
    write(p, "png", src.resolve("a/2.png"));
    write(p, "bmp", src.resolve("b/3.bmp"));
    write(p, "gif", src.resolve("b/4.gif"));
    write(p, "tiff", src.resolve("b/5.tiff"));
    Manifest m = prep(src, tmp.resolve("out"), encoded(8));
    assertEquals(Storage.ENCODED, m.storage());
    assertEquals(new ImageShape(8, 8, 3), m.shape());
    try (SplitRecords r = SplitRecords.open(tmp.resolve("out"), "train")) {
      assertEquals(5, r.size());
      assertArrayEquals(new int[] {0, 0, 1, 1, 1}, r.labels());
      var jpg = r.encoded(0);
      assertEquals(ImageFormat.JPEG, jpg.format());
      assertArrayEquals(Files.readAllBytes(src.resolve("a/1.jpg")), jpg.file(), "JPEG stored as it came");
      assertEquals(17, jpg.height());
      assertEquals(23, jpg.width());
      assertArrayEquals(Files.readAllBytes(src.resolve("a/2.png")), r.encoded(1).file(), "PNG stored as it came");
      for (int i : new int[] {2, 4}) {
        var e = r.encoded(i);
        assertEquals(ImageFormat.PNG, e.format());
        assertArrayEquals(rgbOf(p), rgbOf(e.file()), "re-encoded losslessly: record " + i);
      }
      // GIF has a palette: the stored PNG holds exactly what the GIF decodes to
      assertArrayEquals(rgbOf(ImageIO.read(src.resolve("b/4.gif").toFile())), rgbOf(r.encoded(3).file()));
    }
  }

  @Test
  void maxSideCapsTheShorterSideAndJpegReencodeOption() throws Exception {
    Path src = tmp.resolve("src");
    write(pattern(120, 60), "png", src.resolve("c/wide.png"));
    write(pattern(30, 50), "jpg", src.resolve("c/small.jpg"));
    var o = new FolderPrep.Options(16, 3, Storage.ENCODED, 40, ImageFormat.JPEG, Labels.AUTO, 0, 0, true, 100, 2);
    prep(src, tmp.resolve("out"), o);
    try (SplitRecords r = SplitRecords.open(tmp.resolve("out"), "train")) {
      var small = r.encoded(0);
      assertArrayEquals(Files.readAllBytes(src.resolve("c/small.jpg")), small.file(), "under the cap: as it came");
      var wide = r.encoded(1);
      assertEquals(ImageFormat.JPEG, wide.format());
      assertEquals(40, wide.height());
      assertEquals(80, wide.width());
      BufferedImage im = ImageIO.read(new ByteArrayInputStream(wide.file()));
      assertEquals(80, im.getWidth());
      assertEquals(40, im.getHeight());
    }
  }

  @Test
  void unlabelledFlatAndNestedFolders() throws Exception {
    Path flat = tmp.resolve("flat");
    for (int i = 0; i < 5; i++) write(pattern(9 + i, 9), "png", flat.resolve("img" + i + ".png"));
    Manifest m = prep(flat, tmp.resolve("flat-out"), encoded(8));
    assertFalse(m.labelled());
    assertEquals(5, m.splits().get("train").count());
    try (SplitRecords r = SplitRecords.open(tmp.resolve("flat-out"), "train")) {
      for (int label : r.labels()) assertEquals(ExampleCodec.NO_LABEL, label);
      assertEquals(10, r.encoded(1).width());
    }
    // photos/<year>/<month>/...: folders of folders are not classes
    Path nested = tmp.resolve("nested");
    write(pattern(9, 9), "png", nested.resolve("2019/01/a.png"));
    write(pattern(9, 9), "png", nested.resolve("2019/02/b.png"));
    write(pattern(9, 9), "jpg", nested.resolve("2020/01/c.jpg"));
    m = prep(nested, tmp.resolve("nested-out"), encoded(8));
    assertFalse(m.labelled());
    assertEquals(3, m.splits().get("train").count());
    assertTrue(log.toString().contains("no labels"), log.toString());
    // the same folder read by class: every image below a class folder has its class
    var byFolder = new FolderPrep.Options(8, 3, Storage.ENCODED, 0, ImageFormat.PNG, Labels.FOLDERS, 0, 0, true, 100, 2);
    m = prep(nested, tmp.resolve("nested-classes"), byFolder);
    assertEquals(List.of("2019", "2020"), m.classNames());
    try (SplitRecords r = SplitRecords.open(tmp.resolve("nested-classes"), "train")) {
      assertArrayEquals(new int[] {0, 0, 1}, r.labels());
    }
  }

  @Test
  void testFractionHoldsOutExactlyThatShareSeededAndDisjoint() throws Exception {
    Path src = tmp.resolve("src");
    for (int i = 0; i < 40; i++) write(pattern(5 + i, 5), "png", src.resolve(String.format("x/%02d.png", i)));
    List<Set<Integer>> tests = new ArrayList<>();
    for (long seed : new long[] {1, 1, 2}) {
      Path out = tmp.resolve("out" + tests.size());
      var o = new FolderPrep.Options(4, 3, Storage.ENCODED, 0, ImageFormat.PNG, Labels.NONE, 0.25, seed, true, 7, 2);
      Manifest m = prep(src, out, o);
      assertEquals(10, m.splits().get("test").count());
      assertEquals(30, m.splits().get("train").count());
      assertEquals(5, m.splits().get("train").shards().size(), "7 records per shard");
      Set<Integer> widths = new HashSet<>();
      try (SplitRecords t = SplitRecords.open(out, "test"); SplitRecords tr = SplitRecords.open(out, "train")) {
        for (int i = 0; i < t.size(); i++) widths.add(t.encoded(i).width());
        for (int i = 0; i < tr.size(); i++) assertFalse(widths.contains(tr.encoded(i).width()), "disjoint");
      }
      tests.add(widths);
    }
    assertEquals(tests.get(0), tests.get(1), "same seed, same split");
    assertNotEquals(tests.get(0), tests.get(2), "another seed, another split");
  }

  @Test
  void trainAndTestFolders() throws Exception {
    Path src = tmp.resolve("src");
    write(pattern(6, 6), "png", src.resolve("train/cat/1.png"));
    write(pattern(7, 6), "png", src.resolve("train/dog/1.png"));
    write(pattern(8, 6), "png", src.resolve("test/dog/2.png"));
    Manifest m = prep(src, tmp.resolve("out"), encoded(4));
    assertEquals(List.of("cat", "dog"), m.classNames());
    assertEquals(2, m.splits().get("train").count());
    assertEquals(1, m.splits().get("test").count());
    try (SplitRecords t = SplitRecords.open(tmp.resolve("out"), "test")) {
      assertArrayEquals(new int[] {1}, t.labels());
    }
  }

  @Test
  void undecodableCountedAndSkippedOrStrictFailsWithNothingWritten() throws Exception {
    Path src = tmp.resolve("src");
    write(solid(5, 5, 0x123456), "png", src.resolve("c/ok.png"));
    Files.write(src.resolve("c/bad.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 5});
    Files.write(src.resolve("c/bad.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3});
    Files.write(src.resolve("c/empty.jpg"), new byte[0]);
    Files.write(src.resolve("c/huge.png"), pngHeaderOnly(100000, 100000));
    for (Storage storage : Storage.values()) {
      log.reset();
      var lenient = new FolderPrep.Options(4, 3, storage, 0, ImageFormat.PNG, Labels.AUTO, 0, 0, false, 100, 2);
      Manifest m = prep(src, tmp.resolve("out-" + storage), lenient);
      assertEquals(1, m.splits().get("train").count(), storage.toString());
      assertEquals(4, m.skipped(), storage.toString());
      assertTrue(log.toString().contains("bad.png") && log.toString().contains("100000x100000")
          && log.toString().contains("skipped 4"), log.toString());
      var strict = new FolderPrep.Options(4, 3, storage, 0, ImageFormat.PNG, Labels.AUTO, 0, 0, true, 100, 2);
      Path out = tmp.resolve("strict-" + storage);
      var e = assertThrows(DataFormatException.class, () -> prep(src, out, strict));
      assertTrue(e.getMessage().contains("c/bad"), e.getMessage());
      assertFalse(Files.exists(out), "nothing written");
    }
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directory left");
    }
  }

  @Test
  void emptyRootEmptyClassFolderAndNoImages() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    var e = assertThrows(DataFormatException.class, () -> prep(empty, tmp.resolve("o1"), encoded(4)));
    assertTrue(e.getMessage().contains("no readable images"), e.getMessage());
    var byFolder = new FolderPrep.Options(4, 3, Storage.ENCODED, 0, ImageFormat.PNG, Labels.FOLDERS, 0, 0, false, 100, 2);
    e = assertThrows(DataFormatException.class, () -> prep(empty, tmp.resolve("o2"), byFolder));
    assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("empty"));
    write(solid(2, 2, 0), "png", src.resolve("full/x.png"));
    e = assertThrows(DataFormatException.class, () -> prep(src, tmp.resolve("o3"), byFolder));
    assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("no readable images"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("o3")));
  }
}
