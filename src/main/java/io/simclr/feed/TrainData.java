package io.simclr.feed;

import io.simclr.augment.AugmentConfig;
import io.simclr.config.DataLoading;
import io.simclr.config.RunOptions;
import io.simclr.data.ImageRecords;
import io.simclr.data.ImageSet;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SplitRecords;
import io.simclr.data.Storage;
import io.simclr.input.CorruptRecords;
import io.simclr.input.CropDecoder;
import io.simclr.input.CroppedBatches;
import io.simclr.input.HostBatch;
import io.simclr.input.Prefetcher;
import io.simclr.input.RawBatches;
import io.simclr.runtime.SessionConfigs;
import io.simclr.util.DaemonThreads;
import io.simclr.util.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

/**
 * A training split as a run reads it: held in memory (raw storage that fits the memory budget:
 * batches gathered from one array, exactly as before streaming existed) or streamed from its
 * shards (any size, raw or encoded: a few batches read and decoded ahead on background threads),
 * possibly restricted to a subset of its images (fine-tuning's labelled images).
 */
public final class TrainData implements AutoCloseable {
  /** Batches made ahead of the training step when streamed. */
  public static final int PREFETCH_DEPTH = 2;

  private final ImageRecords records;
  /** Position p of the training order is record subset[p]; null: record p. */
  private final int[] subset;
  private final SplitRecords shards;

  private TrainData(ImageRecords records, int[] subset, SplitRecords shards) {
    this.records = records;
    this.subset = subset;
    this.shards = shards;
  }

  /** A split already in memory. */
  public static TrainData inMemory(ImageSet set) {
    return new TrainData(set, null, null);
  }

  /** Opens split {@code split} of {@code dir}, in memory or streamed as the options say; says which on {@code log}. */
  public static TrainData open(Path dir, Manifest m, String split, RunOptions o, PrintStream log) throws IOException {
    long pixels = (long) m.splits().get(split).count() * m.shape().pixelsPerImage();
    if (inMemory(o.dataLoading(), m.storage(), pixels, budgetBytes(o), o.dataOnDevice(), dir)) {
      ImageSet set = PreparedDataset.read(dir, split);
      log.printf("data: %s in memory (%,d images, %,d MiB of pixels)%n", split, set.size(), pixels >> 20);
      return new TrainData(set, null, null);
    }
    SplitRecords shards = SplitRecords.open(dir, split);
    log.printf("data: %s streamed from %d shard(s) (%s, %,d images; %d input threads)%n", split,
        m.splits().get(split).shards().size(), m.storage(), shards.size(), o.inputThreadCount());
    return new TrainData(shards, null, shards);
  }

  /**
   * Whether a split goes into memory. Memory: raw storage only, and within one Java array.
   * Auto: raw splits up to the budget (any size for {@code --data-on-device}, which needs memory).
   */
  public static boolean inMemory(DataLoading mode, Storage storage, long pixelBytes, long budgetBytes, boolean dataOnDevice,
      Path dir) {
    boolean fits = pixelBytes <= PreparedDataset.MAX_IN_MEMORY_BYTES;
    switch (mode) {
      case STREAM -> {
        return false;
      }
      case MEMORY -> {
        if (storage != Storage.RAW) {
          throw new InvalidConfigException("--data-loading memory needs raw pixels; " + dir
              + " stores encoded images (stream them, or prepare with --storage raw)");
        }
        if (!fits) {
          throw new InvalidConfigException("--data-loading memory: " + dir + " holds " + (pixelBytes >> 20)
              + " MiB of pixels, more than one Java array can (stream it)");
        }
        return true;
      }
      default -> {
        if (dataOnDevice && (storage != Storage.RAW || !fits)) {
          throw new InvalidConfigException("--data-on-device needs raw pixels that fit in memory; " + dir + " holds "
              + (storage != Storage.RAW ? "encoded images" : (pixelBytes >> 20) + " MiB of pixels"));
        }
        return storage == Storage.RAW && fits && (dataOnDevice || pixelBytes <= budgetBytes);
      }
    }
  }

  /** The budget in bytes, and never more than a third of the Java heap. */
  public static long budgetBytes(RunOptions o) {
    return Math.min((long) o.memoryBudgetMib() << 20, Runtime.getRuntime().maxMemory() / 3);
  }

  /** The images at {@code indices} (sorted or not) as the training order's positions. */
  public TrainData subset(int[] indices) {
    if (records instanceof ImageSet set) {
      return new TrainData(set.subset(indices), null, shards);
    }
    int[] mapped = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      mapped[i] = subset == null ? indices[i] : subset[indices[i]];
    }
    return new TrainData(records, mapped, shards);
  }

  public int size() {
    return subset == null ? records.size() : subset.length;
  }

  public ImageRecords records() {
    return records;
  }

  public boolean streamed() {
    return shards != null;
  }

  /** Raw pixels whole, or encoded images cropped by the input pipeline into this many views each. */
  public record Crops(int copies, AugmentConfig augment, long seed) {}

  /**
   * The batch input of a process that trains on images [from, from + count) of every global batch
   * of {@code batch} images in {@code order}.
   */
  public BatchInput input(BatchOrder order, int from, int count, int batch, Crops crops, RunOptions o, PrintStream log) {
    if (records instanceof ImageSet set) {
      if (o.dataOnDevice()) {
        return new ResidentDataset(set, order, from, count);
      }
      return new FedPixels(set.shape(), count, 0, step -> {
        int[] images = order.images(step, from, count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
          labels[i] = set.labels()[images[i]];
        }
        return new HostBatch(step, set.gather(images, 0, count), labels);
      });
    }
    if (count < batch) {
      log.printf("input: this worker reads and decodes images [%d, %d) of every batch of %d%n", from, from + count, batch);
    }
    ExecutorService pool = DaemonThreads.pool(o.inputThreadCount(), "input");
    CorruptRecords corrupt = o.skipCorrupt() ? CorruptRecords.skip(records.size(), log) : CorruptRecords.stop();
    BatchOrder own = order.copy();
    boolean encoded = records.storage() == Storage.ENCODED;
    var maker = encoded
        ? new CroppedBatches(shards, new CropDecoder(records.shape(), crops.augment(), crops.seed(), crops.copies(),
            batch, SessionConfigs.threads(o.intraOpThreads(), o.interOpThreads())), pool, from, batch, corrupt)
        : new RawBatches(records, pool, corrupt);
    Prefetcher prefetcher = new Prefetcher(step -> recordsOf(own.images(step, from, count)), maker, PREFETCH_DEPTH);
    return new FedPixels(records.shape(), count, encoded ? crops.copies() : 0, new FedPixels.Source() {
      @Override
      public HostBatch batch(long step) throws IOException {
        return prefetcher.take(step);
      }

      @Override
      public double waitSeconds() {
        return prefetcher.waitSeconds();
      }

      @Override
      public void close() {
        prefetcher.close();
        pool.shutdownNow();
      }
    });
  }

  private int[] recordsOf(int[] positions) {
    if (subset == null) {
      return positions;
    }
    int[] out = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      out[i] = subset[positions[i]];
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (shards != null) {
      shards.close();
    }
  }
}
