package io.simclr.data;

import io.simclr.util.ImageShape;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path tmp;

  @Test
  void readsGzippedAndPlain() throws Exception {
    byte[] px = TestImages.randomBytes(3 * 4 * 5, 7);
    int[] labels = {9, 0, 4};
    Path img = tmp.resolve("img.gz");
    Path lab = tmp.resolve("lab");
    Files.write(img, TestImages.gzip(TestImages.idxImages(3, 4, 5, px)));
    Files.write(lab, TestImages.idxLabels(labels));
    ImageSet s = IdxReader.read(img, lab, IdxReader.FASHION_MNIST_CLASSES);
    assertEquals(new ImageShape(4, 5, 1), s.shape());
    assertArrayEquals(px, s.pixels());
    assertArrayEquals(labels, s.labels());
    assertEquals("Ankle boot", s.classNames().get(s.labels()[0]));
  }

  @Test
  void badMagicNamesFile() throws Exception {
    byte[] img = TestImages.idxImages(1, 2, 2, new byte[4]);
    img[3] = 0x01;
    Path f = tmp.resolve("bad-img");
    Files.write(f, img);
    Files.write(tmp.resolve("lab"), TestImages.idxLabels(new int[] {1}));
    var e = assertThrows(DataFormatException.class,
        () -> IdxReader.read(f, tmp.resolve("lab"), IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void truncatedImagesRefused() throws Exception {
    byte[] img = TestImages.idxImages(2, 3, 3, new byte[18]);
    Path f = tmp.resolve("img");
    Files.write(f, Arrays.copyOf(img, img.length - 1));
    Files.write(tmp.resolve("lab"), TestImages.idxLabels(new int[] {1, 2}));
    var e = assertThrows(DataFormatException.class,
        () -> IdxReader.read(f, tmp.resolve("lab"), IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void hugeHeaderRefusedBeforeAllocating() throws Exception {
    byte[] img = TestImages.idxImages(Integer.MAX_VALUE, 60000, 60000, new byte[0]);
    Path f = tmp.resolve("img");
    Files.write(f, img);
    Files.write(tmp.resolve("lab"), TestImages.idxLabels(new int[] {1}));
    var e = assertThrows(DataFormatException.class,
        () -> IdxReader.read(f, tmp.resolve("lab"), IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("implausible"), e.getMessage());
  }

  @Test
  void labelOutOfRangeAndCountMismatch() throws Exception {
    Path img = tmp.resolve("img");
    Files.write(img, TestImages.idxImages(2, 1, 1, new byte[2]));
    Path lab = tmp.resolve("lab");
    Files.write(lab, TestImages.idxLabels(new int[] {1, 10}));
    var e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab, IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    Files.write(lab, TestImages.idxLabels(new int[] {1}));
    e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab, IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("declares 1 labels"), e.getMessage());
  }

  @Test
  void missingAndDirectoryInputs() {
    var e = assertThrows(DataFormatException.class,
        () -> IdxReader.read(tmp.resolve("nope"), tmp.resolve("nope2"), IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    e = assertThrows(DataFormatException.class, () -> IdxReader.read(tmp, tmp, IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void corruptGzipNamed() throws Exception {
    byte[] gz = TestImages.gzip(TestImages.idxImages(1, 2, 2, new byte[4]));
    Path f = tmp.resolve("img.gz");
    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
    var e = assertThrows(DataFormatException.class,
        () -> IdxReader.read(f, f, IdxReader.MNIST_CLASSES));
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
  }
}
