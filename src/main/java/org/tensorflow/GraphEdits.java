package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetRequestedDevice;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_UpdateEdge;

import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * Edits of ops after they were built, for the ops of TensorFlow's C++ gradient builder, which
 * takes no device and orders its sums as it walks the graph. These are the C API calls Python
 * TensorFlow makes for the same purposes ({@code colocate_gradients_with_ops},
 * {@code _update_input}). Lives in TensorFlow Java's package to reach the graph's native handle;
 * edit only ops that no session has run yet.
 */
public final class GraphEdits {
  private GraphEdits() {}

  /** Asks for {@code op} to run on {@code device}. */
  public static void setDevice(GraphOperation op, String device) {
    try (Graph.Reference ref = op.env().ref()) {
      TF_SetRequestedDevice(ref.nativeHandle(), op.getUnsafeNativeHandle(), device);
    }
  }

  /** Makes input {@code index} of {@code op} read {@code source} (of the same type and shape). */
  public static void setInput(GraphOperation op, int index, Output<?> source) {
    try (Graph.Reference ref = op.env().ref(); PointerScope scope = new PointerScope()) {
      TF_Output from = new TF_Output().oper(((GraphOperation) source.op()).getUnsafeNativeHandle()).index(source.index());
      TF_Input to = new TF_Input().oper(op.getUnsafeNativeHandle()).index(index);
      TF_Status status = TF_Status.newStatus();
      TF_UpdateEdge(ref.nativeHandle(), from, to, status);
      status.throwExceptionIfNotOK();
    }
  }
}
