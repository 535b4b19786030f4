package io.simclr.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TensorFlow's oneDNN kernels. TensorFlow 2.18 turns them on by default only on CPUs with
 * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX; on others (AVX2-only CPUs, many cloud VMs) it uses its
 * Eigen kernels, and a training step of this project is 1.8x slower (measured, docs/benchmarks.md).
 * The switch is the environment variable {@code TF_ENABLE_ONEDNN_OPTS}, read once when the native
 * library loads, so the JVM cannot set it for itself: the CLI says so instead.
 */
public final class OneDnn {
  public static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
  /** The CPU features for which TensorFlow turns oneDNN on by default (tensorflow/core/util/util.cc). */
  private static final List<String> DEFAULT_ON_FLAGS =
      List.of("avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16");
  private static final List<String> BF16_FLAGS = List.of("avx512_bf16", "amx_bf16");

  private OneDnn() {}

  /**
   * The CPU as TensorFlow sees it when deciding about oneDNN: its feature flags (lower case, as
   * /proc/cpuinfo writes them; null where unknown) and the value of {@link #VARIABLE} (null if unset).
   */
  public record Host(Set<String> cpuFlags, String variable) {
    /** This machine and this process's environment. */
    public static Host here() {
      return new Host(OneDnn.cpuFlags(), System.getenv(VARIABLE));
    }

    /**
     * Whether TensorFlow runs oneDNN here: the variable when it reads as a boolean (as TensorFlow's
     * ReadBoolFromEnvVar: 1/0, true/false in any case), else on exactly for the CPU features above.
     */
    public boolean oneDnnOn() {
      if (variable != null) {
        String v = variable.strip().toLowerCase(Locale.ROOT);
        if (v.equals("1") || v.equals("true")) {
          return true;
        }
        if (v.equals("0") || v.equals("false")) {
          return false;
        }
      }
      return cpuFlags != null && DEFAULT_ON_FLAGS.stream().anyMatch(cpuFlags::contains);
    }

    /**
     * Why bfloat16 training cannot run fast here, or null if it can: TensorFlow runs oneDNN's
     * bfloat16 kernels only with oneDNN on and a CPU with AVX512_BF16 or AMX; elsewhere it falls
     * back to Eigen (measured on an AVX2 CPU: 13x slower than float32). An unknown CPU (no
     * /proc/cpuinfo) is given the benefit of the doubt when oneDNN was turned on explicitly.
     */
    public String bf16Problem() {
      if (cpuFlags != null && BF16_FLAGS.stream().noneMatch(cpuFlags::contains)) {
        return "--precision bf16 needs a CPU with AVX512_BF16 or AMX; on this one TensorFlow falls back to "
            + "its Eigen kernels, about 13x slower than fp32";
      }
      if (!oneDnnOn()) {
        return "--precision bf16 needs TensorFlow's oneDNN kernels, which " + VARIABLE + "=" + variable
            + " turns off: unset it or export " + VARIABLE + "=1";
      }
      return null;
    }
  }

  /** {@link Host#bf16Problem} of this machine. */
  public static String bf16Problem() {
    return Host.here().bf16Problem();
  }

  /** The flags of the first processor in /proc/cpuinfo, or null where there is none. */
  private static Set<String> cpuFlags() {
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (!Files.isReadable(cpuinfo)) {
        return null;
      }
      try (var lines = Files.lines(cpuinfo)) {
        return lines.filter(l -> l.startsWith("flags")).findFirst()
            .map(l -> parseFlags(l.substring(l.indexOf(':') + 1))).orElse(null);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return null;
    }
  }

  /** The flags of a /proc/cpuinfo "flags" value. */
  public static Set<String> parseFlags(String flags) {
    return Arrays.stream(flags.toLowerCase(Locale.ROOT).trim().split("\\s+")).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** A one-line hint when oneDNN would be off by default here and nobody chose; else null. */
  public static String hint() {
    Host h = Host.here();
    if (h.variable() != null || !System.getProperty("os.arch", "").contains("64")) {
      return null;
    }
    if (h.cpuFlags() == null || !h.cpuFlags().contains("avx2") || h.oneDnnOn()) {
      return null;
    }
    return "note: TensorFlow leaves its oneDNN kernels off on this CPU (no AVX-512 VNNI/BF16); "
        + "export " + VARIABLE + "=1 for about 1.8x faster training (docs/benchmarks.md)";
  }
}
