package io.simclr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/** The variable store: a layer built twice reuses its variables; a name asked for as something else fails. */
class ParamsTest {
  @Test
  void aRepeatedNameIsReusedOnlyAsTheSameVariable() {
    try (Graph g = new Graph()) {
      Params p = Params.initialized(Ops.create(g), 1);
      var w = p.normal("dense.w", Shape.of(4, 3), 0.1, Params.Kind.WEIGHT);
      assertSame(w, p.normal("dense.w", Shape.of(4, 3), 0.1, Params.Kind.WEIGHT), "a second signature reuses it");
      assertEquals(1, p.trainables().size());
      var other = assertThrows(IllegalStateException.class,
          () -> p.normal("dense.w", Shape.of(3, 4), 0.1, Params.Kind.WEIGHT));
      assertTrue(other.getMessage().contains("dense.w exists as trainable WEIGHT of shape [4, 3]"), other.getMessage());
      var state = assertThrows(IllegalStateException.class, () -> p.state("dense.w", Shape.of(4, 3), 0f));
      assertTrue(state.getMessage().contains("asked for again as state"), state.getMessage());
      p.state("bn.mean", Shape.of(3), 0f);
      assertThrows(IllegalStateException.class, () -> p.constant("bn.mean", Shape.of(3), 0f, Params.Kind.BIAS));
    }
  }

  @Test
  void theStepTakesTheUpdatesOnceAndNoneComeAfter() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = Params.initialized(tf, 1);
      var v = p.state("bn.mean", Shape.of(3), 0f);
      p.updates().add(tf.assign(v, tf.fill(tf.constant(new int[] {3}), tf.constant(1f))));
      assertEquals(1, p.updates().take().size());
      assertThrows(IllegalStateException.class, p.updates()::take);
      var late = assertThrows(IllegalStateException.class, () -> p.updates().add(tf.noOp()));
      assertTrue(late.getMessage().contains("after the training step took them"), late.getMessage());
    }
  }
}
