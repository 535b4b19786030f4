package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * Sessions on a TensorFlow server ({@code grpc://host:port}). TensorFlow Java's {@link Session}
 * takes no target, so this class lives in its package to reach the constructor that wraps a native
 * session; the C API calls are the ones that constructor's public siblings make, plus the target.
 */
public final class RemoteSessions {
  private RemoteSessions() {}

  public static Session open(Graph graph, String target, ConfigProto config) {
    try (Graph.Reference ref = graph.ref(); PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      BytePointer bytes = new BytePointer(config.toByteArray());
      TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_SetTarget(options, target);
      TF_Session session = TF_Session.newSession(ref.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      return new Session(graph, (TF_Session) session.retainReference());
    }
  }
}
