package io.simclr.logging;

import io.simclr.metrics.Metric;
import io.simclr.metrics.StepMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * TensorBoard event files through TensorFlow's own summary ops, so {@code tensorboard --logdir
 * <run>/tensorboard} shows the scalars, tagged with the metric keys. Its ops are built with the
 * training graph (before the session); {@link #open} starts the event file.
 */
public final class TensorBoardLog implements StepListener {
  private final Op init;
  private final Op flush;
  private final Placeholder<TInt64> step;
  private final Map<Metric, Placeholder<TFloat32>> values = new EnumMap<>(Metric.class);
  private final Map<Metric, Op> writes = new EnumMap<>(Metric.class);
  private Session session;

  public TensorBoardLog(Ops tf, String logDir, Iterable<Metric> metrics) {
    SummaryWriter writer = tf.summary.summaryWriter();
    init = tf.summary.createSummaryFileWriter(writer, tf.constant(logDir), tf.constant(16),
        tf.constant(5000), tf.constant(".v2"));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    for (Metric m : metrics) {
      Placeholder<TFloat32> v = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      values.put(m, v);
      writes.put(m, tf.summary.writeScalarSummary(writer, step, tf.constant(m.key()), v));
    }
    flush = tf.summary.flushSummaryWriter(writer);
  }

  /** Creates the event file; call once the run directory may be written. */
  public TensorBoardLog open(Session s) {
    session = s;
    s.run(init);
    return this;
  }

  @Override
  public void afterLoggedStep(StepMetrics m) {
    var runner = session.runner();
    List<Tensor> tensors = new ArrayList<>();
    try {
      TInt64 st = TInt64.scalarOf(m.step());
      tensors.add(st);
      runner.feed(step, st);
      // metrics measured only on some steps (kNN) are written where present
      for (var e : values.entrySet()) {
        if (m.values().containsKey(e.getKey())) {
          TFloat32 t = TFloat32.scalarOf((float) m.get(e.getKey()));
          tensors.add(t);
          runner.feed(e.getValue(), t);
          runner.addTarget(writes.get(e.getKey()));
        }
      }
      runner.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  @Override
  public void close() {
    session.run(flush);
  }
}
