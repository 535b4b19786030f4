package io.simclr.train;

import io.simclr.data.ImageRecords;
import io.simclr.data.Permutations;
import io.simclr.input.InferenceImages;
import io.simclr.metrics.CollapseCheck;
import io.simclr.metrics.Metric;
import io.simclr.metrics.Representation;
import io.simclr.metrics.StepMetrics;
import io.simclr.run.Seeds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Training health without labels, on a fixed seeded sample of the training split and the current
 * weights (batch norm in inference mode): the effective rank of its features h and projections z,
 * the alignment and uniformity of z over two fixed augmented views of each image, the spread of
 * normalised z, and a collapse warning ({@link CollapseCheck}), which stops the run with
 * {@code --stop-on-collapse}. Reads the variables only, so training and resume are unaffected.
 */
final class HealthMonitor implements Monitor {
  /** Images in the sample at 32x32x3 or smaller; fewer for larger images (three passes each time), 128 at least. */
  static final int SAMPLE = 1024;
  static final int MIN_SAMPLE = 128;
  private static final int CHUNK = 128;

  private final PretrainGraph.Inference inference;
  private final PretrainGraph.HealthBranch branch;
  private final InferenceImages images;
  private final int[] sample;
  private final int chunk;
  private final long every;
  private final long total;
  private final boolean stopOnCollapse;
  private final CollapseCheck collapse;
  private boolean warned;

  /** Builds its branches on {@code g}'s variables; call before the session opens. */
  HealthMonitor(PretrainGraph g, ImageRecords train, long seed, int batch, long every, long total,
      boolean stopOnCollapse) {
    this.images = new InferenceImages(train);
    // the views branch runs a fixed number of images at a time
    this.chunk = Math.min(Math.min(train.size(), sampleSize(train)), images.chunkSize(CHUNK));
    this.inference = g.inference();
    this.branch = g.healthBranch(chunk, Seeds.healthViews(seed));
    this.sample = sample(train.size(), sampleSize(train), chunk, seed);
    this.every = every;
    this.total = total;
    this.stopOnCollapse = stopOnCollapse;
    this.collapse = new CollapseCheck(batch);
  }

  /** The sample's size before rounding: SAMPLE at 32x32x3, in proportion to the pixels above, MIN_SAMPLE at least. */
  static int sampleSize(ImageRecords train) {
    long scaled = SAMPLE * 3072L / train.shape().pixelsPerImage();
    return (int) Math.max(MIN_SAMPLE, Math.min(SAMPLE, scaled));
  }

  /** A fixed seeded sample: min(wanted, n) images rounded down to whole chunks, in reading order. */
  private static int[] sample(int n, int wanted, int chunk, long seed) {
    int[] out = Permutations.sample(n, Math.min(wanted, n) / chunk * chunk, Seeds.healthSample(seed));
    Arrays.sort(out);
    return out;
  }

  @Override
  public Set<Metric> metrics() {
    return Set.of(Metric.RANK_H, Metric.RANK_Z, Metric.ALIGNMENT, Metric.UNIFORMITY, Metric.Z_STD, Metric.COLLAPSE);
  }

  @Override
  public String describe() {
    return "health monitor: effective rank of h and z, alignment and uniformity of z, on " + sample.length
        + " training images (seeded), every " + every + " steps" + (stopOnCollapse ? "; stops the run on collapse" : "");
  }

  @Override
  public boolean due(long step) {
    return step % every == 0 || step == total;
  }

  @Override
  public Map<Metric, Double> measure(Session s, StepMetrics step, PrintStream progress) {
    float[][] h = new float[sample.length][];
    float[][] z = new float[sample.length][];
    float[][] view1 = new float[sample.length][];
    float[][] view2 = new float[sample.length][];
    for (int from = 0; from < sample.length; from += chunk) {
      float[] px;
      try {
        px = images.pixels(sample, from, chunk);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      var shape = images.shape();
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(chunk, shape.height(), shape.width(), shape.channels()),
              DataBuffers.of(px, true, false));
          Result r = s.runner().feed(inference.images(), t).fetch(inference.features()).fetch(inference.projections())
              .run()) {
        rows((TFloat32) r.get(0), h, from);
        rows((TFloat32) r.get(1), z, from);
      }
      byte[] u8 = new byte[px.length];
      for (int i = 0; i < px.length; i++) {
        u8[i] = (byte) Math.round(Math.min(1f, Math.max(0f, px[i])) * 255f);
      }
      try (TUint8 t = TUint8.tensorOf(Shape.of(chunk, shape.height(), shape.width(), shape.channels()),
              DataBuffers.of(u8, true, false));
          TInt64 draw = TInt64.scalarOf(from / chunk);
          Result r = s.runner().feed(branch.images(), t).feed(branch.draw(), draw).fetch(branch.viewProjections()).run()) {
        float[][] both = new float[2 * chunk][];
        rows((TFloat32) r.get(0), both, 0);
        System.arraycopy(both, 0, view1, from, chunk);
        System.arraycopy(both, chunk, view2, from, chunk);
      }
    }
    Map<Metric, Double> out = new EnumMap<>(Metric.class);
    out.put(Metric.RANK_H, Representation.effectiveRank(singularValues(s, h)));
    double rankZ = Representation.effectiveRank(singularValues(s, z));
    out.put(Metric.RANK_Z, rankZ);
    double[][] a = Representation.normalized(view1);
    out.put(Metric.ALIGNMENT, Representation.alignment(a, Representation.normalized(view2)));
    out.put(Metric.UNIFORMITY, Representation.uniformity(a));
    double std = Representation.meanDimensionStd(Representation.normalized(z));
    out.put(Metric.Z_STD, std);
    String reason = collapse.check(rankZ, Math.min(z.length, z[0].length), std, step.get(Metric.LOSS));
    out.put(Metric.COLLAPSE, reason == null ? 0.0 : 1.0);
    if (reason != null && stopOnCollapse) {
      throw new TrainingDivergedException("the run looks collapsed at step " + step.step() + ": " + reason
          + "; stopped (--stop-on-collapse), the last checkpoint is kept");
    }
    if (reason != null && !warned) {
      progress.println();
      progress.println("warning: the run may be collapsing at step " + step.step() + ": " + reason
          + " (metrics.jsonl \"collapse\": 1 while it lasts; --stop-on-collapse stops such a run)");
      warned = true;
    }
    return out;
  }

  private static void rows(TFloat32 t, float[][] into, int from) {
    int n = (int) t.shape().get(0);
    int d = (int) t.shape().get(1);
    float[] flat = new float[n * d];
    t.copyTo(DataBuffers.of(flat, false, false));
    for (int i = 0; i < n; i++) {
      into[from + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
  }

  /** The singular values of the rows, by TensorFlow's SVD. */
  private double[] singularValues(Session s, float[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    try (TFloat32 m = TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(flat, true, false));
        Result r = s.runner().feed(branch.matrix(), m).fetch(branch.singularValues()).run()) {
      Tensor t = r.get(0);
      float[] sv = new float[(int) t.shape().size()];
      ((TFloat32) t).copyTo(DataBuffers.of(sv, false, false));
      double[] out = new double[sv.length];
      for (int i = 0; i < sv.length; i++) {
        out[i] = sv[i];
      }
      return out;
    }
  }

  @Override
  public void close() throws IOException {
    images.close();
  }
}
