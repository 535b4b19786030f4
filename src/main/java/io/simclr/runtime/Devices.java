package io.simclr.runtime;

import io.simclr.util.Messages;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/** Resolves {@link Device#AUTO} and explains placement failures. */
public final class Devices {
  public static final DeviceSpec GPU0 =
      DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build();

  private Devices() {}

  /**
   * {@code AUTO} becomes GPU when TensorFlow can place an op on GPU:0, else CPU. The probe session
   * uses the caller's {@code sessionConfig}: TensorFlow sizes its process-wide intra- and inter-op
   * thread pools from the first session a process creates, so a probe with other thread counts
   * would silently fix the training session's threads (a 1-thread probe made training use 1 core).
   */
  public static Device resolve(Device device, ConfigProto sessionConfig) {
    if (device != Device.AUTO) {
      return device;
    }
    return gpuVisible(sessionConfig) ? Device.GPU : Device.CPU;
  }

  /** Runs one tiny op pinned to GPU:0 without soft placement; false if it cannot be placed. */
  public static boolean gpuVisible(ConfigProto sessionConfig) {
    try (Graph g = new Graph(); Session s = new Session(g, sessionConfig)) {
      Ops tf = Ops.create(g).withDevice(GPU0);
      s.runner().fetch(tf.math.add(tf.constant(1f), tf.constant(1f))).run().close();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A clear message for a GPU placement failure, naming the op TensorFlow could not place. */
  public static IllegalStateException placementError(RuntimeException e) {
    return new IllegalStateException("cannot place the training graph on the GPU: "
        + Messages.firstLine(e)
        + " (is this the GPU build, 'mvn -Pgpu package', with CUDA 12 visible? --device cpu runs on the CPU)", e);
  }
}
