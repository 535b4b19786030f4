package io.simclr.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TString;

class TfRecordTest {
  @TempDir Path tmp;

  private List<byte[]> records() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      out.add(TestImages.randomBytes(i * 37 + 1, i));
    }
    out.add(new byte[0]);
    return out;
  }

  private Path writeFile(List<byte[]> records) throws IOException {
    Path f = tmp.resolve("r.tfrecord");
    try (TfRecordWriter w = new TfRecordWriter(f)) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    return f;
  }

  private static List<byte[]> readAll(Path f) throws IOException {
    List<byte[]> got = new ArrayList<>();
    try (TfRecordReader r = new TfRecordReader(f)) {
      for (byte[] rec = r.next(); rec != null; rec = r.next()) {
        got.add(rec);
      }
    }
    return got;
  }

  @Test
  void roundTrip() throws IOException {
    List<byte[]> recs = records();
    List<byte[]> got = readAll(writeFile(recs));
    assertEquals(recs.size(), got.size());
    for (int i = 0; i < recs.size(); i++) {
      assertArrayEquals(recs.get(i), got.get(i));
    }
  }

  @Test
  void knownCrcOfTensorFlowFraming() {
    // crc32c("123456789") = 0xE3069283 (RFC 3720 check value); TFRecord masks it.
    byte[] data = "123456789".getBytes();
    int crc = 0xE3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertEquals(masked, TfRecordFraming.maskedCrc32c(data, 0, data.length));
  }

  @Test
  void tensorFlowsOwnReaderReadsOurFiles() throws IOException {
    List<byte[]> recs = records();
    Path f = writeFile(recs);
    List<byte[]> got = new ArrayList<>();
    // TensorFlow's own TFRecordReader kernel reads the file and checks its CRCs. (The
    // TFRecordDatasetV2 op of TF 2.18 fails to serialise itself, so the queue reader is used.)
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      var queue = tf.io.fifoQueue(List.of(TString.class));
      session.run(tf.io.queueEnqueue(queue, List.of(tf.constant(f.toString()))));
      session.run(tf.io.queueClose(queue));
      var value = tf.io.readerRead(tf.io.tfRecordReader(), queue).value();
      while (true) {
        try (Result r = session.runner().fetch(value).run()) {
          got.add(((TString) r.get(0)).asBytes().getObject());
        } catch (TFOutOfRangeException end) {
          break;
        }
      }
    }
    assertEquals(recs.size(), got.size());
    for (int i = 0; i < recs.size(); i++) {
      assertArrayEquals(recs.get(i), got.get(i));
    }
  }

  @Test
  void flippedDataBitIsCaught() throws IOException {
    Path f = writeFile(records());
    byte[] b = Files.readAllBytes(f);
    b[12 + 5] ^= 0x10; // inside the data of record 1 (record 0 has 1 byte + 16 framing)
    Files.write(f, b);
    DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test
  void flippedLengthBitIsCaught() throws IOException {
    Path f = writeFile(records());
    byte[] b = Files.readAllBytes(f);
    b[0] ^= 0x01;
    Files.write(f, b);
    DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains("length CRC"), e.getMessage());
  }

  @Test
  void truncationIsCaught() throws IOException {
    Path f = writeFile(records());
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 3));
    DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void headerLayoutIsLittleEndianLength() throws IOException {
    Path f = writeFile(List.of(new byte[300]));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(300L, b.getLong());
    assertEquals(8 + 4 + 300 + 4, Files.size(f));
  }
}
