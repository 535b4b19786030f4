package io.simclr.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * TensorBoard event files through TensorFlow's own summary ops, so {@code tensorboard --logdir
 * <run>/tensorboard} shows the scalars. Values are fed from the training loop's fetches.
 */
final class TensorBoardLog {
  private final Op init;
  private final Op flush;
  private final Placeholder<TInt64> step;
  private final Map<String, Placeholder<TFloat32>> values = new LinkedHashMap<>();
  private final List<Op> writes = new java.util.ArrayList<>();

  TensorBoardLog(Ops tf, String logDir, List<String> tags) {
    SummaryWriter writer = tf.summary.summaryWriter();
    init = tf.summary.createSummaryFileWriter(writer, tf.constant(logDir), tf.constant(16),
        tf.constant(5000), tf.constant(".v2"));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    for (String tag : tags) {
      Placeholder<TFloat32> v = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      values.put(tag, v);
      writes.add(tf.summary.writeScalarSummary(writer, step, tf.constant(tag), v));
    }
    flush = tf.summary.flushSummaryWriter(writer);
  }

  void open(Session s) {
    s.run(init);
  }

  void write(Session s, long stepValue, Map<String, Double> scalars) {
    var runner = s.runner();
    List<AutoCloseable> tensors = new java.util.ArrayList<>();
    try (TInt64 st = TInt64.scalarOf(stepValue)) {
      runner.feed(step, st);
      for (var e : values.entrySet()) {
        TFloat32 t = TFloat32.scalarOf(scalars.get(e.getKey()).floatValue());
        tensors.add(t);
        runner.feed(e.getValue(), t);
      }
      writes.forEach(runner::addTarget);
      runner.run().close();
    } finally {
      for (AutoCloseable t : tensors) {
        try {
          t.close();
        } catch (Exception ignored) {
          // closing a tensor does not fail
        }
      }
    }
  }

  void flush(Session s) {
    s.run(flush);
  }
}
