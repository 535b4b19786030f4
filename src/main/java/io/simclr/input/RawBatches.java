package io.simclr.input;

import io.simclr.data.DataFormatException;
import io.simclr.data.ImageRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/** Raw uint8 images of a step, read record by record in parallel chunks into one batch array. */
public final class RawBatches implements BatchMaker {
  static final int CHUNK = 32;

  private final ImageRecords records;
  private final ExecutorService pool;
  private final CorruptRecords corrupt;

  public RawBatches(ImageRecords records, ExecutorService pool, CorruptRecords corrupt) {
    this.records = records;
    this.pool = pool;
    this.corrupt = corrupt;
  }

  @Override
  public HostBatch make(long step, int[] batch) throws IOException, InterruptedException {
    int per = records.shape().pixelsPerImage();
    byte[] pixels = new byte[batch.length * per];
    int[] labels = new int[batch.length];
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int from = 0; from < batch.length; from += CHUNK) {
      int start = from;
      int end = Math.min(batch.length, from + CHUNK);
      tasks.add(() -> {
        for (int i = start; i < end; i++) {
          labels[i] = read(batch[i], pixels, i * per);
        }
        return null;
      });
    }
    Parallel.run(pool, tasks);
    return new HostBatch(step, pixels, labels);
  }

  private int read(int record, byte[] out, int offset) throws IOException {
    int r = record;
    for (int tries = 0; ; tries++) {
      try {
        return records.pixelsInto(r, out, offset);
      } catch (DataFormatException e) {
        r = corrupt.replace(r, tries, e);
      }
    }
  }
}
