package io.simclr.audit;

import com.google.common.hash.Hashing;
import io.simclr.data.ImageFolderReader;
import io.simclr.data.UnreadableImageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Quality scores of one image file, without a model, after cleanvision's issue types: dark, light,
 * blurry, low information, grayscale in a colour set, odd aspect ratio, odd size, exact duplicates.
 * Scores follow cleanvision's convention where they can: in [0, 1], low means the issue is present,
 * flagged below a threshold ({@link Thresholds}).
 */
public final class ImageAudit {
  /** The side that blur and information are measured at: larger images are reduced (area averages). */
  static final int MEASURE_SIDE = 256;

  /**
   * What one readable image scores.
   *
   * @param dark the 99th percentile of perceived luminance (0.299 R + 0.587 G + 0.114 B, in [0, 1])
   * @param light one minus the 5th percentile of luminance
   * @param sharpness the standard deviation of the luminance Laplacian (4-neighbour) over that of
   *     the luminance, at most {@value #MEASURE_SIDE} pixels a side: fine detail relative to the
   *     image's contrast, so that a low-contrast sharp image is not called blurry (0 for a flat one)
   * @param information the entropy of the 256-bin luminance histogram over 8 bits
   * @param grayscale every pixel has R = G = B
   */
  public record Scores(int width, int height, double dark, double light, double sharpness, double information,
      boolean grayscale, long bytesHash, long pixelsHash) {
    double aspect() {
      return Math.min((double) width / height, (double) height / width);
    }
  }

  /**
   * The cut of each score (an image is flagged below it). Defaults after cleanvision's published
   * ones (dark 0.22, light 0.05, low information 0.3, odd aspect ratio 0.5, odd size 0.5); the
   * sharpness cut is this project's own, set on planted blurs (see the README).
   */
  public record Thresholds(double dark, double light, double sharpness, double information, double aspect,
      double size) {
    public static Thresholds defaults() {
      return new Thresholds(0.22, 0.05, 0.35, 0.3, 0.5, 0.5);
    }
  }

  /** The issue types, in the order of the report's columns. */
  public enum Issue { DARK, LIGHT, BLURRY, LOW_INFORMATION, GRAYSCALE, ODD_ASPECT_RATIO, ODD_SIZE, EXACT_DUPLICATE }

  private ImageAudit() {}

  public static Scores score(byte[] file) throws UnreadableImageException {
    ImageFolderReader.Rgb im = ImageFolderReader.decodeRgb(file);
    int h = im.height();
    int w = im.width();
    byte[] px = im.pixels();
    double[] lum = new double[h * w];
    boolean gray = true;
    for (int i = 0; i < lum.length; i++) {
      int r = px[3 * i] & 0xff;
      int g = px[3 * i + 1] & 0xff;
      int b = px[3 * i + 2] & 0xff;
      gray &= r == g && g == b;
      lum[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    }
    double[] sorted = lum.clone();
    Arrays.sort(sorted);
    double p99 = sorted[(int) Math.min(sorted.length - 1, Math.floor(0.99 * (sorted.length - 1)))];
    double p5 = sorted[(int) Math.floor(0.05 * (sorted.length - 1))];
    int side = Math.max(h, w);
    double[] small = side > MEASURE_SIDE ? reduce(lum, h, w, MEASURE_SIDE) : lum;
    int sh = side > MEASURE_SIDE ? (int) Math.max(1, Math.round((double) h * MEASURE_SIDE / side)) : h;
    int sw = side > MEASURE_SIDE ? (int) Math.max(1, Math.round((double) w * MEASURE_SIDE / side)) : w;
    long pixelsHash = Hashing.murmur3_128().newHasher().putInt(h).putInt(w).putBytes(px).hash().asLong();
    return new Scores(w, h, p99, 1 - p5, laplacianStd(small, sh, sw), entropy(lum), gray,
        Hashing.murmur3_128().hashBytes(file).asLong(), pixelsHash);
  }

  /** The flags of every image of a set: per-set judgements (odd size, grayscale in a colour set, duplicates) included. */
  public static List<List<Issue>> flags(List<Scores> all, Thresholds t) {
    double[] sides = all.stream().mapToDouble(s -> Math.sqrt((double) s.width() * s.height())).sorted().toArray();
    double median = sides.length == 0 ? 0 : sides[sides.length / 2];
    long gray = all.stream().filter(Scores::grayscale).count();
    boolean colourSet = gray * 2 < all.size();
    java.util.Map<Long, Integer> firstWithPixels = new java.util.HashMap<>();
    List<List<Issue>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Scores s = all.get(i);
      List<Issue> f = new ArrayList<>();
      if (s.dark() < t.dark()) f.add(Issue.DARK);
      if (s.light() < t.light()) f.add(Issue.LIGHT);
      if (s.sharpness() < t.sharpness()) f.add(Issue.BLURRY);
      if (s.information() < t.information()) f.add(Issue.LOW_INFORMATION);
      if (colourSet && s.grayscale()) f.add(Issue.GRAYSCALE);
      if (s.aspect() < t.aspect()) f.add(Issue.ODD_ASPECT_RATIO);
      double side = Math.sqrt((double) s.width() * s.height());
      if (Math.min(side / median, median / side) < t.size()) f.add(Issue.ODD_SIZE);
      if (firstWithPixels.putIfAbsent(s.pixelsHash(), i) != null) f.add(Issue.EXACT_DUPLICATE);
      out.add(f);
    }
    return out;
  }

  /** Area averages onto a grid whose longer side is {@code side}. */
  static double[] reduce(double[] v, int h, int w, int side) {
    int longer = Math.max(h, w);
    int oh = (int) Math.max(1, Math.round((double) h * side / longer));
    int ow = (int) Math.max(1, Math.round((double) w * side / longer));
    double[] sum = new double[oh * ow];
    int[] count = new int[oh * ow];
    for (int y = 0; y < h; y++) {
      int ty = (int) ((long) y * oh / h);
      for (int x = 0; x < w; x++) {
        int tx = (int) ((long) x * ow / w);
        sum[ty * ow + tx] += v[y * w + x];
        count[ty * ow + tx]++;
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= Math.max(1, count[i]);
    }
    return sum;
  }

  static double laplacianStd(double[] v, int h, int w) {
    if (h < 3 || w < 3) {
      return 0;
    }
    double s = 0;
    double ss = 0;
    int n = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        double l = v[(y - 1) * w + x] + v[(y + 1) * w + x] + v[y * w + x - 1] + v[y * w + x + 1] - 4 * v[y * w + x];
        s += l;
        ss += l * l;
        n++;
      }
    }
    double mean = s / n;
    double lap = Math.sqrt(Math.max(0, ss / n - mean * mean));
    double m = Arrays.stream(v).average().orElse(0);
    double var = Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElse(0);
    return var > 1e-12 ? lap / Math.sqrt(var) : 0;
  }

  static double entropy(double[] lum) {
    int[] hist = new int[256];
    for (double v : lum) {
      hist[(int) Math.min(255, Math.round(v * 255))]++;
    }
    double e = 0;
    for (int c : hist) {
      if (c > 0) {
        double p = (double) c / lum.length;
        e -= p * Math.log(p) / Math.log(2);
      }
    }
    return e / 8;
  }
}
