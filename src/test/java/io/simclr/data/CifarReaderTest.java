package io.simclr.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  @TempDir Path tmp;

  /** A CIFAR record whose pixel (y, x) in channel c is (c*64 + y + x) & 0xff. */
  static byte[] record(int labelBytes, int label) {
    byte[] r = new byte[labelBytes + 3072];
    r[labelBytes - 1] = (byte) label;
    if (labelBytes == 2) {
      r[0] = 3; // coarse label, ignored
    }
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          r[labelBytes + c * 1024 + y * 32 + x] = (byte) (c * 64 + y + x);
        }
      }
    }
    return r;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  @Test
  void cifar10PlanarBecomesHwc() throws Exception {
    Path f = tmp.resolve("b.bin");
    Files.write(f, concat(record(1, 7), record(1, 2)));
    ImageSet s = CifarReader.read(List.of(f), CifarReader.Variant.CIFAR10, CifarReader.classNames(tmp, CifarReader.Variant.CIFAR10));
    assertArrayEquals(new int[] {7, 2}, s.labels());
    // image 1, y=5, x=9, channel 2 -> 128 + 14
    int idx = 3072 + (5 * 32 + 9) * 3 + 2;
    assertEquals(142, s.pixels()[idx] & 0xff);
    assertEquals("7", s.classNames().get(7));
  }

  @Test
  void cifar100UsesFineLabelAndNames() throws Exception {
    Path f = tmp.resolve("train.bin");
    Files.write(f, record(2, 99));
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 100; i++) names.append("class").append(i).append('\n');
    Files.writeString(tmp.resolve("fine_label_names.txt"), names);
    var v = CifarReader.Variant.CIFAR100;
    ImageSet s = CifarReader.read(CifarReader.trainFiles(tmp, v), v, CifarReader.classNames(tmp, v));
    assertEquals(99, s.labels()[0]);
    assertEquals("class99", s.classNames().get(99));
    assertEquals(0 + 0 + 0, s.pixels()[0] & 0xff);
    assertEquals(64, s.pixels()[1] & 0xff);
  }

  @Test
  void truncatedAndBadLabel() throws Exception {
    Path f = tmp.resolve("b.bin");
    Files.write(f, Arrays.copyOf(record(1, 1), 3000));
    var v = CifarReader.Variant.CIFAR10;
    var e = assertThrows(DataFormatException.class, () -> CifarReader.read(List.of(f), v, CifarReader.classNames(tmp, v)));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("multiple"), e.getMessage());
    Files.write(f, record(1, 10));
    e = assertThrows(DataFormatException.class, () -> CifarReader.read(List.of(f), v, CifarReader.classNames(tmp, v)));
    assertTrue(e.getMessage().contains("label 10"), e.getMessage());
  }

  @Test
  void wrongNumberOfClassNames() throws Exception {
    Files.writeString(tmp.resolve("batches.meta.txt"), "cat\ndog\n");
    var e = assertThrows(DataFormatException.class, () -> CifarReader.classNames(tmp, CifarReader.Variant.CIFAR10));
    assertTrue(e.getMessage().contains("batches.meta.txt"), e.getMessage());
  }
}
