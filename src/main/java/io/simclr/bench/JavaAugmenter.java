package io.simclr.bench;

import io.simclr.augment.AugmentConfig;
import java.awt.Color;
import java.util.Random;

/**
 * A straightforward per-pixel Java implementation of the same augmentation recipe (crop with
 * bilinear resize, flip, colour jitter in random order, grayscale), written only to compare
 * against the in-graph pipeline in {@code bench}. Not used for training.
 */
public final class JavaAugmenter {
  private final AugmentConfig c;
  private final Random random;

  public JavaAugmenter(AugmentConfig c, long seed) {
    this.c = c;
    this.random = new Random(seed);
  }

  /** One augmented view of image {@code img} (uint8 HWC) as floats in [0, 1]. */
  public float[] view(byte[] img, int offset, int h, int w, int ch) {
    double area = c.cropMinArea() + random.nextDouble() * (c.cropMaxArea() - c.cropMinArea());
    double ratio = Math.exp(Math.log(c.aspectMin()) + random.nextDouble() * (Math.log(c.aspectMax()) - Math.log(c.aspectMin())));
    double bw = Math.min(1, Math.sqrt(area * ratio));
    double bh = Math.min(1, Math.sqrt(area / ratio));
    double x0 = random.nextDouble() * (1 - bw);
    double y0 = random.nextDouble() * (1 - bh);
    boolean flip = random.nextDouble() < c.flipProb();
    float[] out = new float[h * w * ch];
    for (int y = 0; y < h; y++) {
      double sy = (y0 + bh * y / Math.max(1, h - 1)) * (h - 1);
      int yi = (int) Math.floor(sy);
      int yj = Math.min(h - 1, yi + 1);
      double fy = sy - yi;
      for (int x = 0; x < w; x++) {
        int xx = flip ? w - 1 - x : x;
        double sx = (x0 + bw * xx / Math.max(1, w - 1)) * (w - 1);
        int xi = (int) Math.floor(sx);
        int xj = Math.min(w - 1, xi + 1);
        double fx = sx - xi;
        for (int k = 0; k < ch; k++) {
          double a = px(img, offset, yi, xi, k, w, ch) * (1 - fx) + px(img, offset, yi, xj, k, w, ch) * fx;
          double b = px(img, offset, yj, xi, k, w, ch) * (1 - fx) + px(img, offset, yj, xj, k, w, ch) * fx;
          out[(y * w + x) * ch + k] = (float) ((a * (1 - fy) + b * fy) / 255);
        }
      }
    }
    if (random.nextDouble() < c.jitterProb()) {
      jitter(out, h * w, ch);
    }
    if (ch == 3 && random.nextDouble() < c.grayProb()) {
      for (int p = 0; p < h * w; p++) {
        float g = 0.2989f * out[3 * p] + 0.5870f * out[3 * p + 1] + 0.1140f * out[3 * p + 2];
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = g;
      }
    }
    return out;
  }

  private void jitter(float[] v, int pixels, int ch) {
    double s = 0.8 * c.jitterStrength();
    double bright = Math.max(0, 1 - s) + random.nextDouble() * (1 + s - Math.max(0, 1 - s));
    double contrast = Math.max(0, 1 - s) + random.nextDouble() * (1 + s - Math.max(0, 1 - s));
    double sat = Math.max(0, 1 - s) + random.nextDouble() * (1 + s - Math.max(0, 1 - s));
    double hue = (random.nextDouble() * 2 - 1) * 0.2 * c.jitterStrength();
    int[] order = {0, 1, 2, 3};
    for (int i = 3; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    float[] hsb = new float[3];
    for (int op : order) {
      if (op == 0) {
        for (int i = 0; i < v.length; i++) v[i] = clip(v[i] * bright);
      } else if (op == 1) {
        for (int k = 0; k < ch; k++) {
          double mean = 0;
          for (int p = 0; p < pixels; p++) mean += v[p * ch + k];
          mean /= pixels;
          for (int p = 0; p < pixels; p++) v[p * ch + k] = clip((v[p * ch + k] - mean) * contrast + mean);
        }
      } else if (ch == 3) {
        for (int p = 0; p < pixels; p++) {
          Color.RGBtoHSB(Math.round(v[3 * p] * 255), Math.round(v[3 * p + 1] * 255), Math.round(v[3 * p + 2] * 255), hsb);
          float hh = op == 3 ? (float) ((hsb[0] + hue) - Math.floor(hsb[0] + hue)) : hsb[0];
          float ss = op == 2 ? clip(hsb[1] * sat) : hsb[1];
          int rgb = Color.HSBtoRGB(hh, ss, hsb[2]);
          v[3 * p] = ((rgb >> 16) & 0xff) / 255f;
          v[3 * p + 1] = ((rgb >> 8) & 0xff) / 255f;
          v[3 * p + 2] = (rgb & 0xff) / 255f;
        }
      }
    }
  }

  private static double px(byte[] img, int offset, int y, int x, int k, int w, int ch) {
    return img[offset + (y * w + x) * ch + k] & 0xff;
  }

  private static float clip(double v) {
    return (float) Math.max(0, Math.min(1, v));
  }
}
