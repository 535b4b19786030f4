package io.simclr.train;

import io.simclr.config.Recipe;
import io.simclr.config.RunOptions;
import io.simclr.data.ImageFormat;
import io.simclr.data.ImageSet;
import io.simclr.data.PreparedDataset;
import io.simclr.data.Storage;
import io.simclr.optim.LrScaling;
import io.simclr.optim.Optimizer;
import io.simclr.prep.FolderPrep;
import io.simclr.prep.Labels;
import io.simclr.run.Checkpoints;
import io.simclr.runtime.Device;
import io.simclr.runtime.Precision;
import io.simclr.util.ImageShape;
import io.simclr.util.Json;
import io.simclr.util.Overwrite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** A tiny structured dataset and config for end-to-end runs on 2 CPU cores. */
public final class TinyRuns {
  public static final int SIDE = 12;

  private TinyRuns() {}

  /**
   * Two classes of 12x12 grayscale images: a bright square at a random place (class 0) or a
   * bright horizontal bar (class 1), on noise. Linearly separable features exist.
   */
  public static ImageSet shapes(int n, long seed) {
    Random r = new Random(seed);
    int per = SIDE * SIDE;
    byte[] px = new byte[n * per];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      labels[i] = label;
      for (int k = 0; k < per; k++) px[i * per + k] = (byte) r.nextInt(60);
      int y0 = r.nextInt(SIDE - 4), x0 = r.nextInt(SIDE - 4);
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          boolean on = label == 0 || y == 1;
          if (label == 1) on = (y == 1 || y == 2);
          if (label == 0 || on) {
            int yy = label == 1 ? y0 + y : y0 + y;
            int xx = label == 1 ? Math.min(SIDE - 1, x0 + x * 2) : x0 + x;
            if (on) px[i * per + yy * SIDE + xx] = (byte) (200 + r.nextInt(55));
          }
        }
      }
    }
    return new ImageSet(px, labels, new ImageShape(SIDE, SIDE, 1), List.of("square", "bar"));
  }

  public static Path writeDataset(Path dir, int nTrain, int nTest) throws IOException {
    Map<String, ImageSet> splits = new LinkedHashMap<>();
    splits.put("train", shapes(nTrain, 1));
    splits.put("test", shapes(nTest, 2));
    PreparedDataset.write(splits, dir, "tiny-shapes", 1000, Overwrite.REFUSE);
    return dir;
  }

  /**
   * The same images as {@link #writeDataset}, stored encoded: each written as a PNG file into
   * {@code root/<split>/<class>/} and prepared with encoded storage.
   */
  public static Path writeEncodedDataset(Path dir, int nTrain, int nTest) throws IOException {
    return writeEncodedDataset(dir, nTrain, nTest, "png");
  }

  /** {@link #writeEncodedDataset(Path, int, int)} from files of {@code fileFormat} ("png", "jpg"), stored as they are. */
  public static Path writeEncodedDataset(Path dir, int nTrain, int nTest, String fileFormat) throws IOException {
    Path src = dir.resolveSibling(dir.getFileName() + "-" + fileFormat);
    writeImages(shapes(nTrain, 1), src.resolve("train"), fileFormat);
    writeImages(shapes(nTest, 2), src.resolve("test"), fileFormat);
    FolderPrep.prepare(src, dir, new FolderPrep.Options(SIDE, 1, Storage.ENCODED, 0, ImageFormat.PNG, Labels.FOLDERS,
        0, 0, true, 40, 2), Overwrite.REFUSE, new PrintStream(new ByteArrayOutputStream()));
    return dir;
  }

  /** Grayscale PNG files of a set, {@code root/<class>/<index>.png}. */
  public static void writePngs(ImageSet set, Path root) throws IOException {
    writeImages(set, root, "png");
  }

  private static void writeImages(ImageSet set, Path root, String fileFormat) throws IOException {
    for (int i = 0; i < set.size(); i++) {
      BufferedImage im = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
      im.getRaster().setDataElements(0, 0, SIDE, SIDE, Arrays.copyOfRange(set.pixels(), i * SIDE * SIDE, (i + 1) * SIDE * SIDE));
      Path f = root.resolve(set.classNames().get(set.labels()[i])).resolve(String.format("%04d.%s", i, fileFormat));
      Files.createDirectories(f.getParent());
      ImageIO.write(im, fileFormat, f.toFile());
    }
  }

  /** A resnet-small recipe with a small head, batch 32, constant-free schedule ("none" scaling, no warm-up), seed 7. */
  public static Recipe config(Path data, long steps, Optimizer optimizer, double lr) {
    ImageShape shape = new ImageShape(SIDE, SIDE, 1);
    Recipe r = Recipe.defaults(data, shape);
    return r.withModel(r.model().withHeadHidden(32).withProjectionDim(16))
        .withAugment(r.augment().withCropMinArea(0.3).withGrayProb(0).withBlurProb(0))
        .withOptimizer(r.optimizer().withKind(optimizer))
        .withBatchSize(32).withEpochs(1).withSteps(steps).withLearningRate(lr)
        .withLrScaling(LrScaling.NONE).withWarmupEpochs(0).withSeed(7);
  }

  /**
   * CPU, fp32 (the references of towers, workers and export equality are float32 whatever the CPU),
   * checkpoints every 5 steps, the last 2 kept, every step logged.
   */
  public static RunOptions options() {
    return RunOptions.defaults().withDevice(Device.CPU).withPrecision(Precision.FP32).withCheckpointEvery(5)
        .withKeepCheckpoints(2).withLogEvery(1);
  }

  /** The variable bytes of a run's checkpoint at {@code step}: equal bytes, equal weights. */
  public static byte[] checkpointBytes(Path runDir, long step) throws IOException {
    return Files.readAllBytes(
        new Checkpoints(runDir, 1).prefix(step).resolveSibling("variables.data-00000-of-00001"));
  }

  public static List<Double> losses(Path runDir) throws IOException {
    List<Double> out = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      out.add(Json.MAPPER.readTree(line).get("loss").asDouble());
    }
    return out;
  }

  /** Every metrics.jsonl line with its wall-clock time removed: equal lines, equal runs. */
  public static List<String> metricsWithoutTime(Path runDir) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      out.add(line.replaceAll(",\"time\":[0-9.E]+", ""));
    }
    return out;
  }
}
