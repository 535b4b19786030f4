package io.simclr.eval;

import io.simclr.data.ImageRecords;
import io.simclr.input.InferenceImages;
import java.io.IOException;
import java.nio.file.Path;

/** Train and test features of one source (the pretrained encoder, raw pixels or a random encoder). */
public record FeatureSet(String source, float[][] train, float[][] test, double extractSeconds) {
  /** The raw-pixel baseline is refused above this many bytes of features. */
  static final long MAX_RAW_PIXEL_BYTES = 4L << 30;

  /** Raw pixels scaled to [0, 1], flattened: the baseline any encoder must beat. */
  public static FeatureSet rawPixels(ImageRecords train, ImageRecords test, Path data) throws IOException {
    long bytes = 4L * train.shape().pixelsPerImage() * (train.size() + test.size());
    if (bytes > MAX_RAW_PIXEL_BYTES) {
      throw new IOException(data + ": the raw-pixels baseline would hold " + (bytes >> 20) + " MiB of features ("
          + train.shape() + " per image); evaluate it on a smaller dataset or size");
    }
    long t0 = System.nanoTime();
    return new FeatureSet("raw-pixels", flatten(train), flatten(test), (System.nanoTime() - t0) / 1e9);
  }

  private static float[][] flatten(ImageRecords set) throws IOException {
    int per = set.shape().pixelsPerImage();
    float[][] out = new float[set.size()][];
    try (InferenceImages images = new InferenceImages(set)) {
      int chunk = images.chunkSize(1000);
      for (int from = 0; from < set.size(); from += chunk) {
        int n = Math.min(chunk, set.size() - from);
        float[] x = images.pixels(from, n);
        for (int i = 0; i < n; i++) {
          out[from + i] = java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per);
        }
      }
    }
    return out;
  }
}
