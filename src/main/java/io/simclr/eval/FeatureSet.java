package io.simclr.eval;

import io.simclr.data.ImageSet;

/** Train and test features of one source (the pretrained encoder, raw pixels or a random encoder). */
public record FeatureSet(String source, float[][] train, float[][] test, double extractSeconds) {

  /** Raw pixels scaled to [0, 1], flattened: the baseline any encoder must beat. */
  public static FeatureSet rawPixels(ImageSet train, ImageSet test) {
    long t0 = System.nanoTime();
    return new FeatureSet("raw-pixels", flatten(train), flatten(test), (System.nanoTime() - t0) / 1e9);
  }

  private static float[][] flatten(ImageSet set) {
    int per = set.shape().pixelsPerImage();
    float[][] out = new float[set.size()][per];
    byte[] px = set.pixels();
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < per; j++) out[i][j] = (px[i * per + j] & 0xff) / 255f;
    }
    return out;
  }
}
