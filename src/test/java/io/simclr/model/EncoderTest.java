package io.simclr.model;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.testing.Tf;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class EncoderTest {
  static long encoderParams(String encoder, int side, int channels) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 0);
      ModelConfig m = new ModelConfig(encoder, 1, "auto", 2, 0, 128, side, side, channels);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, channels)));
      Output<TFloat32> h = m.encode(p, x, true).asOutput();
      assertEquals(m.featureDim(), h.shape().get(1), "feature dim of " + encoder);
      return p.parameterCount();
    }
  }

  /** Published counts (torchvision / the CIFAR ResNet-18 reference) minus their classifier layers. */
  @Test
  void parameterCountsMatchPublishedArchitectures() {
    assertEquals(11_173_962 - (512 * 10 + 10), encoderParams("resnet18", 32, 3));
    assertEquals(21_797_672 - (512 * 1000 + 1000), encoderParams("resnet34", 224, 3));
    assertEquals(25_557_032 - (2048 * 1000 + 1000), encoderParams("resnet50", 224, 3));
    long small = encoderParams("resnet-small", 28, 1);
    assertTrue(small > 300_000 && small < 1_000_000, "resnet-small " + small);
  }

  @Test
  void everyTrainableHasAFiniteGradient() {
    int n = 4, side = 8;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 1);
      ModelConfig m = new ModelConfig("resnet-small", 1, "auto", 3, 16, 8, side, side, 3);
      float[] px = new float[n * side * side * 3];
      java.util.Random r = new java.util.Random(1);
      for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
      var x = tf.constant(Shape.of(n, side, side, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(px));
      var z = m.project(p, m.encode(p, x, true), true);
      var loss = tf.math.mean(tf.math.square(tf.math.sub(z, tf.constant(0.5f))), tf.constant(new int[] {0, 1}));
      var vars = p.trainables();
      Output<?>[] xs = vars.stream().map(t -> t.variable().asOutput()).toArray(Output<?>[]::new);
      Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
      s.initialize();
      var runner = s.runner();
      for (Output<?> gr : grads) {
        assertNotNull(gr);
        runner.fetch(gr);
      }
      try (Result res = runner.run()) {
        double total = 0;
        for (int i = 0; i < grads.length; i++) {
          for (float v : Tf.toArray((TFloat32) res.get(i))) {
            assertTrue(Float.isFinite(v), vars.get(i).name());
            total += Math.abs(v);
          }
        }
        assertTrue(total > 0, "gradients are not all zero");
      }
      assertTrue(vars.stream().anyMatch(t -> t.kind() == Params.Kind.BATCH_NORM));
    }
  }

  @Test
  void unknownEncoderIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("resnet7"));
    assertTrue(e.getMessage().contains("resnet18"));
  }
}
