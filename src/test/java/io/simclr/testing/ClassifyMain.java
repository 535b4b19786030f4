package io.simclr.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Run in a separate JVM by tests: loads a classifier SavedModel knowing nothing of the project,
 * feeds float images from a file (n, h, w, c as ints, then floats) to serving_default, and writes
 * the probabilities (floats, little-endian) to another file.
 */
public final class ClassifyMain {
  public static void main(String[] args) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN);
    int n = in.getInt(), h = in.getInt(), w = in.getInt(), c = in.getInt();
    float[] x = new float[n * h * w * c];
    in.asFloatBuffer().get(x);
    try (SavedModelBundle b = SavedModelBundle.load(args[0], "serve");
        TFloat32 t = Tf.floats(Shape.of(n, h, w, c), x);
        Result r = b.function("serving_default").call(Map.of("images", t))) {
      float[] p = Tf.toArray((TFloat32) r.get("probabilities").orElseThrow());
      ByteBuffer out = ByteBuffer.allocate(4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
      out.asFloatBuffer().put(p);
      Files.write(Path.of(args[2]), out.array());
    }
  }
}
