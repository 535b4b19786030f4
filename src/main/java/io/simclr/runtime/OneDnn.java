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

  /** A one-line hint when oneDNN would be off by default here and nobody chose; else null. */
  public static String hint() {
    if (System.getenv(VARIABLE) != null || !System.getProperty("os.arch", "").contains("64")) {
      return null;
    }
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (!Files.isReadable(cpuinfo)) {
        return null;
      }
      String flags = Files.readString(cpuinfo).toLowerCase(Locale.ROOT);
      if (!flags.contains(" avx2") || DEFAULT_ON_FLAGS.stream().anyMatch(f -> flags.contains(" " + f))) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return "note: TensorFlow leaves its oneDNN kernels off on this CPU (no AVX-512 VNNI/BF16); "
        + "export " + VARIABLE + "=1 for about 1.8x faster training (docs/benchmarks.md)";
  }
}
