package io.simclr.feed;

import java.util.List;
import org.tensorflow.Tensor;

/** The tensors one step fed; closed after the step. */
public record Feed(List<Tensor> tensors) implements AutoCloseable {
  @Override
  public void close() {
    tensors.forEach(Tensor::close);
  }
}
