package io.simclr.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * TensorFlow's oneDNN kernels. TensorFlow 2.18 turns them on by default only on CPUs with
 * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX; on others (AVX2-only CPUs, many cloud VMs) it uses its
 * Eigen kernels, and a training step of this project is 1.8x slower (measured, docs/benchmarks.md).
 * The switch is the environment variable {@code TF_ENABLE_ONEDNN_OPTS}, read once when the native
 * library loads, so the JVM cannot set it for itself: the CLI says so instead.
 */
public final class OneDnn {
  public static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
  private static final List<String> DEFAULT_ON_FLAGS = List.of("avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile");

  private OneDnn() {}

  /**
   * Why bfloat16 training cannot run fast here, or null if it can: TensorFlow runs oneDNN's
   * bfloat16 kernels only with oneDNN on and a CPU with AVX512_BF16 or AMX; elsewhere it falls back
   * to Eigen (measured on an AVX2 CPU: 13x slower than float32).
   */
  public static String bf16Problem() {
    if (!"1".equals(System.getenv(VARIABLE)) && !"true".equalsIgnoreCase(System.getenv(VARIABLE))) {
      return "--precision bf16 needs TensorFlow's oneDNN kernels: export " + VARIABLE + "=1";
    }
    String flags = cpuFlags();
    if (flags != null && !flags.contains(" avx512_bf16") && !flags.contains(" amx_bf16")) {
      return "--precision bf16 needs a CPU with AVX512_BF16 or AMX; on this one TensorFlow falls back to "
          + "its Eigen kernels, about 13x slower than fp32";
    }
    return null;
  }

  /** /proc/cpuinfo in lower case, or null where there is none. */
  private static String cpuFlags() {
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      return Files.isReadable(cpuinfo) ? Files.readString(cpuinfo).toLowerCase(Locale.ROOT) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A one-line hint when oneDNN would be off by default here and nobody chose; else null. */
  public static String hint() {
    if (System.getenv(VARIABLE) != null || !System.getProperty("os.arch", "").contains("64")) {
      return null;
    }
    String flags = cpuFlags();
    if (flags == null || !flags.contains(" avx2") || DEFAULT_ON_FLAGS.stream().anyMatch(f -> flags.contains(" " + f))) {
      return null;
    }
    return "note: TensorFlow leaves its oneDNN kernels off on this CPU (no AVX-512 VNNI/BF16); "
        + "export " + VARIABLE + "=1 for about 1.8x faster training (docs/benchmarks.md)";
  }
}
