package io.simclr.prep;

import io.simclr.data.DataFormatException;
import io.simclr.data.DatasetWriter;
import io.simclr.data.ImageFormat;
import io.simclr.util.ImageShape;
import io.simclr.data.Manifest;
import io.simclr.data.Storage;
import io.simclr.data.UnreadableImageException;
import io.simclr.util.DaemonThreads;
import io.simclr.util.Overwrite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code prep --format folder}: streams a folder of images of any size into a prepared dataset.
 * Files are decoded (and, where needed, resized and re-encoded) on {@code threads} threads, a
 * bounded window ahead of the writer, which writes them in folder order into shards as they
 * come: memory holds a few images per thread, never the dataset. The test split is a seeded
 * uniform choice of exactly round(fraction x n) images (selection sampling over a first pass
 * that only counts files). Unreadable images are skipped with a warning and counted, or fail
 * the run with {@code strict}; nothing is visible until the whole dataset is committed.
 */
public final class FolderPrep {
  /**
   * @param size the training image side (raw storage: the stored side too)
   * @param maxSide encoded storage: cap the shorter side at this many pixels; 0 = keep the source's
   * @param reencode encoded storage: PNG (lossless) or JPEG, for sources that are not JPEG
   */
  public record Options(int size, int channels, Storage storage, int maxSide, ImageFormat reencode, Labels labels,
      double testFraction, long seed, boolean strict, int shardSize, int threads) {}

  private static final long PROGRESS_NANOS = 5_000_000_000L;

  private FolderPrep() {}

  public static Manifest prepare(Path root, Path out, Options o, Overwrite overwrite, PrintStream log)
      throws IOException {
    FolderLayout layout = FolderLayout.of(root, o.labels());
    log.println("prep: " + root + ": " + layout.describe());
    ImageShape shape = new ImageShape(o.size(), o.size(), o.channels());
    ExecutorService pool = DaemonThreads.pool(o.threads(), "prep-decode");
    try (DatasetWriter writer = DatasetWriter.create(out, overwrite);
        Converter converter = Converter.of(o, shape)) {
      Pipeline p = new Pipeline(pool, converter, writer, o, layout.classNames.size(), log);
      for (FolderLayout.Part part : layout.parts) {
        if (part.split() != null) {
          layout.walk(part, item -> p.submit(item, part.split()));
          continue;
        }
        long n = layout.count(part);
        long test = Math.round(n * o.testFraction());
        Random random = new Random(o.seed());
        long[] left = {n, test};
        layout.walk(part, item -> {
          // selection sampling (Knuth's algorithm S): exactly `test` of the n, each subset equally likely
          boolean chosen = left[0] > 0 && random.nextDouble() * left[0] < left[1];
          left[0]--;
          if (chosen) {
            left[1]--;
          }
          p.submit(item, chosen ? "test" : "train");
        });
      }
      p.drain();
      p.checkComplete(root, layout);
      Manifest m = writer.commit(new DatasetWriter.Description("folder:" + root.toAbsolutePath(), shape,
          layout.classNames, o.storage(), o.storage() == Storage.ENCODED ? o.maxSide() : 0, p.skipped));
      if (p.skipped > 0) {
        log.println("warning: skipped " + p.skipped + " unreadable image(s); --strict fails instead");
      }
      return m;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Converts files on the pool, a bounded window ahead, and writes them in submission order. */
  private static final class Pipeline {
    private final ExecutorService pool;
    private final Converter converter;
    private final DatasetWriter writer;
    private final Options o;
    private final PrintStream log;
    private final int window;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final long[] perClass;
    private final long start = System.nanoTime();
    private long lastReport = start;
    private long written;
    int skipped;

    private record Pending(FolderLayout.Item item, String split, Future<Converter.Result> result) {}

    Pipeline(ExecutorService pool, Converter converter, DatasetWriter writer, Options o, int classes, PrintStream log) {
      this.pool = pool;
      this.converter = converter;
      this.writer = writer;
      this.o = o;
      this.log = log;
      this.window = 4 * o.threads();
      this.perClass = new long[classes];
    }

    void submit(FolderLayout.Item item, String split) throws IOException {
      pending.add(new Pending(item, split, pool.submit(() -> converter.convert(item))));
      while (pending.size() >= window) {
        writeOldest();
      }
    }

    void drain() throws IOException {
      while (!pending.isEmpty()) {
        writeOldest();
      }
    }

    private void writeOldest() throws IOException {
      Pending p = pending.poll();
      Converter.Result r;
      try {
        r = p.result().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnreadableImageException u) {
          skip(p.item().file(), u.getMessage());
          return;
        }
        if (cause instanceof IOException io) {
          throw new IOException(p.item().file() + ": " + io.getMessage(), io);
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        throw new IOException(p.item().file() + ": " + cause, cause);
      }
      writer.split(p.split(), o.shardSize()).add(r.record(), p.item().label());
      if (p.item().label() >= 0 && p.split().equals("train")) {
        perClass[p.item().label()]++;
      }
      written++;
      long now = System.nanoTime();
      if (now - lastReport > PROGRESS_NANOS) {
        lastReport = now;
        log.printf("prep: %,d images written, %,d skipped (%.0f images/s)%n", written, skipped,
            written / ((now - start) / 1e9));
      }
    }

    private void skip(Path file, String why) {
      if (o.strict()) {
        throw new DataFormatException(file, why);
      }
      skipped++;
      log.println("warning: skipping " + file + ": " + why);
    }

    /** Every class has a training image, and there is something to train on. */
    void checkComplete(Path root, FolderLayout layout) {
      for (int c = 0; c < perClass.length; c++) {
        if (perClass[c] == 0) {
          Path dir = layout.parts.get(0).root().resolve(layout.classNames.get(c));
          throw new DataFormatException(dir, "class folder has no readable images");
        }
      }
      if (written == 0) {
        throw new DataFormatException(root, "has no readable images");
      }
    }
  }
}
