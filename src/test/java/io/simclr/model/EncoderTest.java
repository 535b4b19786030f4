package io.simclr.model;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.util.ImageShape;
import io.simclr.testing.Tf;
import io.simclr.util.Json;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class EncoderTest {
  static long encoderParams(Encoder encoder, int side, int channels) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 0);
      ModelConfig m = ModelConfig.defaults(new ImageShape(side, side, channels)).withEncoder(encoder);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, channels)));
      Output<TFloat32> h = m.encode(p, x, Mode.TRAINING).asOutput();
      assertEquals(m.featureDim(), h.shape().get(1), "feature dim of " + encoder);
      return p.parameterCount();
    }
  }

  /** Published counts (torchvision / the CIFAR ResNet-18 reference) minus their classifier layers. */
  @Test
  void parameterCountsMatchPublishedArchitectures() {
    assertEquals(11_173_962 - (512 * 10 + 10), encoderParams(Encoder.RESNET18, 32, 3));
    assertEquals(21_797_672 - (512 * 1000 + 1000), encoderParams(Encoder.RESNET34, 224, 3));
    assertEquals(25_557_032 - (2048 * 1000 + 1000), encoderParams(Encoder.RESNET50, 224, 3));
    long small = encoderParams(Encoder.RESNET_SMALL, 28, 1);
    assertTrue(small > 300_000 && small < 1_000_000, "resnet-small " + small);
  }

  @Test
  void everyTrainableHasAFiniteGradient() {
    int n = 4, side = 8;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 1);
      ModelConfig m = ModelConfig.defaults(new ImageShape(side, side, 3)).withHeadLayers(3).withHeadHidden(16).withProjectionDim(8);
      float[] px = new float[n * side * side * 3];
      Random r = new Random(1);
      for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
      var x = tf.constant(Shape.of(n, side, side, 3), DataBuffers.of(px));
      var z = m.project(p, m.encode(p, x, Mode.TRAINING), Mode.TRAINING);
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
  void encoderNamesAreTheCliAndJsonNames() throws Exception {
    assertEquals("resnet-small", Encoder.RESNET_SMALL.toString());
    assertEquals("\"resnet50\"", Json.MAPPER.writeValueAsString(Encoder.RESNET50));
    assertEquals(Encoder.RESNET34, Json.MAPPER.readValue("\"resnet34\"", Encoder.class));
    assertThrows(Exception.class, () -> Json.MAPPER.readValue("\"resnet7\"", Encoder.class));
  }
}
