package io.simclr.input;

import io.simclr.data.DataFormatException;
import io.simclr.data.ExampleCodec;
import io.simclr.data.ImageRecords;
import io.simclr.data.SplitRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Cropped views of a step's encoded images: each chunk of {@link CropDecoder#CHUNK} images read
 * and decoded on its own pool thread, views written view-major into one batch array.
 */
public final class CroppedBatches implements BatchMaker {
  private final SplitRecords records;
  private final CropDecoder decoder;
  private final ExecutorService pool;
  private final int firstPosition;
  private final int batch;
  private final CorruptRecords corrupt;

  /**
   * @param firstPosition where this process's images start in the global batch (its crops' draws)
   * @param batch the global batch size
   */
  public CroppedBatches(SplitRecords records, CropDecoder decoder, ExecutorService pool, int firstPosition, int batch,
      CorruptRecords corrupt) {
    this.records = records;
    this.decoder = decoder;
    this.pool = pool;
    this.firstPosition = firstPosition;
    this.batch = batch;
    this.corrupt = corrupt;
  }

  @Override
  public HostBatch make(long step, int[] mine) throws IOException, InterruptedException {
    int n = mine.length;
    byte[] views = new byte[decoder.copies() * n * records.shape().pixelsPerImage()];
    int[] labels = new int[n];
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int from = 0; from < n; from += CropDecoder.CHUNK) {
      int start = from;
      int end = Math.min(n, from + CropDecoder.CHUNK);
      tasks.add(() -> {
        decodeChunk(step, Arrays.copyOfRange(mine, start, end), start, views, n, labels);
        return null;
      });
    }
    Parallel.run(pool, tasks);
    return new HostBatch(step, views, labels);
  }

  private void decodeChunk(long step, int[] chunk, int at, byte[] views, int n, int[] labels) throws IOException {
    int[] use = chunk.clone();
    int[] tries = new int[chunk.length];
    List<byte[]> files = new ArrayList<>();
    for (int j = 0; j < chunk.length; j++) {
      files.add(read(j, use, tries, labels, at));
    }
    int[] positions = new int[chunk.length];
    for (int j = 0; j < chunk.length; j++) {
      positions[j] = firstPosition + at + j;
    }
    while (true) {
      try {
        decoder.decode(step, files, positions, batch, views, n, at);
        return;
      } catch (CropDecoder.BadImageException e) {
        int j = e.element;
        if (j < 0) {
          throw new IOException("cannot decode images " + Arrays.toString(use) + " of " + records.split() + ": " + e.getMessage());
        }
        DataFormatException bad = new DataFormatException(records.where(use[j]).file(),
            "record " + records.where(use[j]).record() + ": undecodable image (" + e.getMessage() + ")");
        use[j] = corrupt.replace(use[j], tries[j]++, bad);
        files.set(j, read(j, use, tries, labels, at));
      }
    }
  }

  /** The encoded file of {@code use[j]}, replacing corrupt records as the policy says. */
  private byte[] read(int j, int[] use, int[] tries, int[] labels, int at) throws IOException {
    while (true) {
      try {
        ExampleCodec.EncodedImage e = records.encoded(use[j]);
        labels[at + j] = e.label();
        return e.file();
      } catch (DataFormatException e) {
        use[j] = corrupt.replace(use[j], tries[j]++, e);
      }
    }
  }

  @Override
  public void close() {
    decoder.close();
  }
}
