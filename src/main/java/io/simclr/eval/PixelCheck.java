package io.simclr.eval;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.simclr.data.ImageRecords;
import io.simclr.data.SplitRecords;
import io.simclr.data.Storage;
import io.simclr.input.InferenceImages;
import io.simclr.util.HeapBudget;
import io.simclr.util.ImageShape;
import java.io.IOException;

/**
 * The second look at a candidate duplicate pair, on the images themselves: both as gray images of
 * at most {@value #SIDE} pixels a side (area averages when larger), compared by Pearson correlation
 * over the best of small alignments: either image mirrored, shifted by up to one pixel, or cropped
 * by one or two pixels a side and scaled back (what a crop-and-resize does). Brightness and contrast
 * changes leave a correlation unchanged and a re-encode barely moves it, while two different images
 * of one class, alike as their silhouettes are, fall below a high cut. Also the exact fingerprints:
 * a hash of each image's stored bytes and of its decoded pixels.
 */
public final class PixelCheck {
  public static final int SIDE = 32;

  /** Per image: its gray canvas ({@code side} x {@code side}) and two 64-bit fingerprints. */
  public record Fingerprints(int side, byte[][] canvases, long[] bytesHash, long[] pixelsHash) {
    /** {@link PixelCheck#correlation} of images a and b. */
    public double correlation(int a, int b) {
      return PixelCheck.correlation(canvases[a], canvases[b], side);
    }
  }

  private PixelCheck() {}

  /** One pass over the split, a chunk of pixels at a time: memory holds a canvas and two longs an image. */
  public static Fingerprints of(ImageRecords set, InferenceImages images) throws IOException {
    int n = set.size();
    ImageShape shape = images.shape();
    int side = Math.min(SIDE, Math.max(shape.height(), shape.width()));
    HeapBudget.require(n * ((long) side * side + 16L + 16), String.format("%d gray images of %d x %d", n, side, side));
    byte[][] canvases = new byte[n][];
    long[] bytes = new long[n];
    long[] pixels = new long[n];
    int per = shape.pixelsPerImage();
    int chunk = images.chunkSize(500);
    for (int from = 0; from < n; from += chunk) {
      int count = Math.min(chunk, n - from);
      float[] px = images.pixels(from, count);
      for (int i = 0; i < count; i++) {
        Hasher h = Hashing.murmur3_128().newHasher();
        for (int j = i * per; j < (i + 1) * per; j++) {
          h.putFloat(px[j]);
        }
        pixels[from + i] = h.hash().asLong();
        canvases[from + i] = canvas(px, i * per, shape, side);
        bytes[from + i] = storedBytesHash(set, from + i, pixels[from + i]);
      }
    }
    return new Fingerprints(side, canvases, bytes, pixels);
  }

  /** The hash of the stored file bytes (encoded storage); raw storage stores the pixels themselves. */
  private static long storedBytesHash(ImageRecords set, int i, long pixelsHash) throws IOException {
    if (set instanceof SplitRecords s && s.storage() == Storage.ENCODED) {
      return Hashing.murmur3_128().hashBytes(s.encoded(i).file()).asLong();
    }
    return pixelsHash;
  }

  /**
   * The image at {@code offset} of {@code px} (HWC floats in [0, 1]) as gray bytes on a
   * {@code side} x {@code side} grid, each cell the area-weighted mean of the pixels it covers (the
   * weights are symmetric, so the canvas of a mirrored image is the mirrored canvas).
   */
  static byte[] canvas(float[] px, int offset, ImageShape shape, int side) {
    int h = shape.height();
    int w = shape.width();
    int c = shape.channels();
    double[] sum = new double[side * side];
    double[] weight = new double[side * side];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = 0;
        for (int k = 0; k < c; k++) {
          v += px[offset + (y * w + x) * c + k];
        }
        v /= c;
        // the source pixel covers [x, x + 1) x [y, y + 1), that is [x s / w, (x + 1) s / w) on the grid
        double x0 = (double) x * side / w;
        double x1 = (double) (x + 1) * side / w;
        double y0 = (double) y * side / h;
        double y1 = (double) (y + 1) * side / h;
        for (int ty = (int) y0; ty < Math.min(side, Math.ceil(y1)); ty++) {
          double wy = Math.min(y1, ty + 1) - Math.max(y0, ty);
          for (int tx = (int) x0; tx < Math.min(side, Math.ceil(x1)); tx++) {
            double wxy = wy * (Math.min(x1, tx + 1) - Math.max(x0, tx));
            if (wxy > 0) {
              sum[ty * side + tx] += wxy * v;
              weight[ty * side + tx] += wxy;
            }
          }
        }
      }
    }
    byte[] out = new byte[side * side];
    for (int t = 0; t < out.length; t++) {
      out[t] = (byte) Math.round(255 * Math.max(0, Math.min(1, sum[t] / weight[t])));
    }
    return out;
  }

  /**
   * The best Pearson correlation of two canvases over the alignments: b or its mirror; as it is or
   * either image cropped by 1 or 2 pixels a side (at 28 pixels; in proportion otherwise) and scaled
   * back; shifted by up to one pixel (on the overlap). 1 for two flat equal images.
   */
  public static double correlation(byte[] a, byte[] b, int side) {
    double[] fa = floats(a);
    double[] fb = floats(b);
    double best = -1;
    for (double[] bb : new double[][] {fb, mirror(fb, side)}) {
      for (int m = 0; m <= 2; m++) {
        int margin = (int) Math.round(m * side / 28.0);
        if (m > 0 && margin == 0) {
          continue;
        }
        double[] za = m == 0 ? fa : zoom(fa, side, margin);
        double[] zb = m == 0 ? bb : zoom(bb, side, margin);
        best = Math.max(best, shifted(fa, zb, side));
        if (m > 0) {
          best = Math.max(best, shifted(za, bb, side));
        }
      }
    }
    return best;
  }

  private static double[] floats(byte[] a) {
    double[] f = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = a[i] & 0xff;
    }
    return f;
  }

  private static double[] mirror(double[] a, int side) {
    double[] m = new double[a.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        m[y * side + x] = a[y * side + side - 1 - x];
      }
    }
    return m;
  }

  /** The central part without {@code margin} pixels a side, scaled back to side x side (bilinear, pixel centres aligned). */
  private static double[] zoom(double[] a, int side, int margin) {
    int inner = side - 2 * margin;
    double[] z = new double[a.length];
    for (int y = 0; y < side; y++) {
      double sy = Math.max(0, Math.min(inner - 1, (y + 0.5) * inner / side - 0.5)) + margin;
      int y0 = (int) Math.floor(sy);
      int y1 = Math.min(side - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < side; x++) {
        double sx = Math.max(0, Math.min(inner - 1, (x + 0.5) * inner / side - 0.5)) + margin;
        int x0 = (int) Math.floor(sx);
        int x1 = Math.min(side - 1, x0 + 1);
        double fx = sx - x0;
        z[y * side + x] = (1 - fy) * ((1 - fx) * a[y0 * side + x0] + fx * a[y0 * side + x1])
            + fy * ((1 - fx) * a[y1 * side + x0] + fx * a[y1 * side + x1]);
      }
    }
    return z;
  }

  /** The best correlation of a and b shifted against each other by -1, 0 or 1 pixel each way, on their overlap. */
  private static double shifted(double[] a, double[] b, int side) {
    double best = -1;
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        best = Math.max(best, pearson(a, b, side, dx, dy));
      }
    }
    return best;
  }

  private static double pearson(double[] a, double[] b, int side, int dx, int dy) {
    int n = 0;
    double sa = 0;
    double sb = 0;
    for (int y = Math.max(0, dy); y < side + Math.min(0, dy); y++) {
      for (int x = Math.max(0, dx); x < side + Math.min(0, dx); x++) {
        sa += a[y * side + x];
        sb += b[(y - dy) * side + x - dx];
        n++;
      }
    }
    double ma = sa / n;
    double mb = sb / n;
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int y = Math.max(0, dy); y < side + Math.min(0, dy); y++) {
      for (int x = Math.max(0, dx); x < side + Math.min(0, dx); x++) {
        double da = a[y * side + x] - ma;
        double db = b[(y - dy) * side + x - dx] - mb;
        ab += da * db;
        aa += da * da;
        bb += db * db;
      }
    }
    if (aa == 0 || bb == 0) {
      return aa == bb ? 1 : 0; // both flat: alike; one flat: not
    }
    return ab / Math.sqrt(aa * bb);
  }
}
