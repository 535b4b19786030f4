package io.simclr.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic of training. Variables, the loss, softmax and the optimizer state stay float32
 * either way (TensorFlow's rewrite keeps them so); exports are always float32.
 */
public enum Precision {
  FP32,
  /**
   * bfloat16 compute where oneDNN runs it (convolutions, matmuls, batch norm), through
   * TensorFlow's {@code auto_mixed_precision_onednn_bfloat16} graph rewrite. Needs oneDNN on
   * ({@code TF_ENABLE_ONEDNN_OPTS=1}); fast only on CPUs with AVX512_BF16 or AMX.
   */
  BF16;

  /** {@code config} with this precision's graph rewrite. */
  public ConfigProto apply(ConfigProto config) {
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
