package io.simclr.eval;

import io.simclr.metrics.Metric;
import io.simclr.metrics.MetricsLog;
import io.simclr.metrics.StepMetrics;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a run (loss, contrastive accuracy, learning rate, monitors) and of test embeddings (PCA, t-SNE). */
public final class Plots {
  private Plots() {}

  /** Writes training.png (per-epoch loss and contrastive accuracy) and learning-rate.png. */
  public static void training(Path metricsJsonl, Path outDir) throws IOException {
    TreeMap<Integer, double[]> perEpoch = new TreeMap<>();
    List<double[]> raw = new ArrayList<>();
    List<Double> steps = new ArrayList<>();
    List<Double> lrs = new ArrayList<>();
    for (StepMetrics m : MetricsLog.read(metricsJsonl)) {
      double loss = m.get(Metric.LOSS);
      double contrastive = m.get(Metric.CONTRASTIVE_ACCURACY);
      double[] acc = perEpoch.computeIfAbsent((int) Math.ceil(m.epoch()), e -> new double[3]);
      acc[0] += loss;
      acc[1] += contrastive;
      acc[2]++;
      raw.add(new double[] {m.epoch(), loss, contrastive});
      steps.add((double) m.step());
      lrs.add(m.get(Metric.LEARNING_RATE));
    }
    if (steps.isEmpty()) {
      throw new IOException(metricsJsonl + ": no metrics logged yet");
    }
    List<Double> epochs = new ArrayList<>();
    List<Double> loss = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    if (perEpoch.size() >= 3) {
      perEpoch.forEach((e, a) -> {
        epochs.add((double) e);
        loss.add(a[0] / a[2]);
        accuracy.add(a[1] / a[2]);
      });
    } else {
      // too short for per-epoch means: plot every logged point
      for (double[] r : raw) {
        epochs.add(r[0]);
        loss.add(r[1]);
        accuracy.add(r[2]);
      }
    }
    Files.createDirectories(outDir);
    XYChart c = new XYChartBuilder().width(800).height(500).title("SimCLR pretraining")
        .xAxisTitle("epoch").yAxisTitle("NT-Xent loss").build();
    c.addSeries("loss", epochs, loss).setMarker(SeriesMarkers.CIRCLE);
    XYSeries acc = c.addSeries("contrastive accuracy", epochs, accuracy);
    acc.setYAxisGroup(1);
    acc.setMarker(SeriesMarkers.DIAMOND);
    c.setYAxisGroupTitle(1, "contrastive accuracy");
    c.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    c.getStyler().setXAxisDecimalPattern("0.##");
    BitmapEncoder.saveBitmap(c, outDir.resolve("training.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    XYChart l = new XYChartBuilder().width(800).height(400).title("Learning rate")
        .xAxisTitle("step").yAxisTitle("learning rate").build();
    l.addSeries("learning rate", steps, lrs).setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(l, outDir.resolve("learning-rate.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    List<StepMetrics> log = MetricsLog.read(metricsJsonl);
    monitor(log, outDir);
    health(log, outDir);
  }

  /**
   * health.png, where the health monitor logged: the effective rank of h and z (left axis) and the
   * alignment and uniformity of z (right axis) per epoch.
   */
  private static void health(List<StepMetrics> log, Path outDir) throws IOException {
    XYChart c = new XYChartBuilder().width(800).height(500).title("Training health (no labels)")
        .xAxisTitle("epoch").yAxisTitle("effective rank").build();
    Map<Metric, String> names = new LinkedHashMap<>();
    names.put(Metric.RANK_H, "effective rank of h");
    names.put(Metric.RANK_Z, "effective rank of z");
    names.put(Metric.ALIGNMENT, "alignment of z (lower: views agree)");
    names.put(Metric.UNIFORMITY, "uniformity of z (lower: spread out)");
    for (Map.Entry<Metric, String> n : names.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (StepMetrics e : log) {
        if (e.values().containsKey(n.getKey())) {
          x.add(e.epoch());
          y.add(e.get(n.getKey()));
        }
      }
      if (!x.isEmpty()) {
        XYSeries s = c.addSeries(n.getValue(), x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (n.getKey() == Metric.ALIGNMENT || n.getKey() == Metric.UNIFORMITY) {
          s.setYAxisGroup(1);
        }
      }
    }
    if (!c.getSeriesMap().isEmpty()) {
      c.setYAxisGroupTitle(1, "alignment, uniformity");
      c.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
      c.getStyler().setXAxisDecimalPattern("0.##");
      BitmapEncoder.saveBitmap(c, outDir.resolve("health.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  /** monitor.png: the online probe's train accuracy and the kNN monitor's top-1 per epoch, where logged. */
  private static void monitor(List<StepMetrics> log, Path outDir) throws IOException {
    XYChart c = new XYChartBuilder().width(800).height(500).title("Representation quality while pretraining")
        .xAxisTitle("epoch").yAxisTitle("accuracy").build();
    for (Metric m : List.of(Metric.ONLINE_PROBE_ACCURACY, Metric.KNN_TOP1)) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (StepMetrics e : log) {
        if (e.values().containsKey(m)) {
          x.add(e.epoch());
          y.add(e.get(m));
        }
      }
      if (!x.isEmpty()) {
        c.addSeries(m == Metric.KNN_TOP1 ? "kNN top-1 (test subset)" : "online linear probe (train batches)", x, y)
            .setMarker(m == Metric.KNN_TOP1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      }
    }
    if (!c.getSeriesMap().isEmpty()) {
      c.getStyler().setXAxisDecimalPattern("0.##");
      BitmapEncoder.saveBitmap(c, outDir.resolve("monitor.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  /** Writes embeddings-pca.png: the first two principal components, coloured by class. */
  public static void embeddings(float[][] x, int[] labels, List<String> classNames, Path outDir) throws IOException {
    scatter(Pca.project(x, 2), labels, classNames, new Axes("Test embeddings (PCA)", "PC 1", "PC 2"),
        outDir.resolve("embeddings-pca.png"));
  }

  /**
   * Writes embeddings-tsne.png: a t-SNE map (see {@link Tsne}) of {@code x}, coloured by class;
   * returns the coordinates.
   */
  public static double[][] tsne(float[][] x, int[] labels, List<String> classNames, double perplexity, long seed,
      Path outDir) throws IOException {
    double[][] p = Tsne.project(x, perplexity, seed);
    scatter(p, labels, classNames,
        new Axes("Test embeddings (t-SNE, perplexity " + perplexity + ", " + x.length + " images)", "t-SNE 1", "t-SNE 2"),
        outDir.resolve("embeddings-tsne.png"));
    return p;
  }

  private record Axes(String title, String x, String y) {}

  private static void scatter(double[][] p, int[] labels, List<String> classNames, Axes axes, Path png)
      throws IOException {
    Files.createDirectories(png.getParent());
    XYChart c = new XYChartBuilder().width(900).height(700).title(axes.title())
        .xAxisTitle(axes.x()).yAxisTitle(axes.y()).build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(4);
    // matplotlib's tab10 (then tab20's lighter shades): distinct colours for up to 20 classes
    c.getStyler().setSeriesColors(Stream.of(
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
        0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5)
        .map(Color::new).toArray(Color[]::new));
    // an unlabelled dataset: one series of every image
    List<String> series = classNames.isEmpty() ? List.of("images") : classNames;
    for (int k = 0; k < series.size(); k++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (classNames.isEmpty() || labels[i] == k) {
          xs.add(p[i][0]);
          ys.add(p[i][1]);
        }
      }
      if (!xs.isEmpty()) {
        c.addSeries(series.get(k), xs, ys).setMarker(SeriesMarkers.CIRCLE); // one shape: colour tells the class
      }
    }
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** The sweep's validation accuracy against the L2 strength (log axis), one series per feature source. */
  static void validationCurves(List<EvalResult> results, Path png) throws IOException {
    XYChart c = new XYChartBuilder().width(800).height(500).title("Linear probe: validation accuracy")
        .xAxisTitle("L2 strength").yAxisTitle("validation accuracy").build();
    c.getStyler().setXAxisLogarithmic(true);
    for (EvalResult r : results) {
      List<Double> l2 = new ArrayList<>();
      List<Double> acc = new ArrayList<>();
      for (LinearProbe.Point p : r.probe().curve()) {
        l2.add(p.l2());
        acc.add(p.validationAccuracy());
      }
      if (!l2.isEmpty()) {
        c.addSeries(r.source(), l2, acc).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    Files.createDirectories(png.getParent());
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
