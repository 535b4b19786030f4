package io.simclr.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import io.simclr.util.InvalidConfigException;
import java.util.Locale;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic of training. Variables, the loss, softmax and the optimizer state stay float32
 * either way (TensorFlow's rewrite keeps them so); exports are always float32.
 */
public enum Precision {
  /**
   * bf16 on a CPU where TensorFlow runs oneDNN's bfloat16 kernels (AVX512_BF16 or AMX, oneDNN on),
   * fp32 elsewhere, the GPU included (until mixed precision has been measured there).
   */
  AUTO,
  FP32,
  /**
   * bfloat16 compute where oneDNN runs it (convolutions, matmuls, batch norm), through
   * TensorFlow's {@code auto_mixed_precision_onednn_bfloat16} graph rewrite. Fast only on CPUs with
   * AVX512_BF16 or AMX and oneDNN on (TensorFlow's default there).
   */
  BF16;

  /**
   * The precision a run on {@code device} of {@code host} uses: AUTO decided, BF16 refused (before
   * anything is written) on a CPU where it would fall back to Eigen's slow kernels.
   */
  public Precision resolve(Device device, OneDnn.Host host) {
    String problem = device == Device.GPU ? null : host.bf16Problem();
    return switch (this) {
      case FP32 -> FP32;
      case BF16 -> {
        InvalidConfigException.check(problem == null, problem + " (--precision auto or fp32 runs in float32)");
        yield BF16;
      }
      case AUTO -> device == Device.CPU && problem == null ? BF16 : FP32;
    };
  }

  /** {@code config} with this precision's graph rewrite; AUTO must have been resolved first. */
  public ConfigProto apply(ConfigProto config) {
    if (this == AUTO) {
      throw new IllegalStateException("precision auto is resolved (Precision.resolve) before a session is configured");
    }
    if (this == FP32) {
      return config;
    }
    ConfigProto.Builder b = config.toBuilder();
    b.getGraphOptionsBuilder().getRewriteOptionsBuilder()
        .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
    return b.build();
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
