package io.simclr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.util.InvalidConfigException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bf16 decision from CPU flags and TF_ENABLE_ONEDNN_OPTS, as TensorFlow 2.18 decides about oneDNN. */
class PrecisionChoiceTest {
  // flags lines as /proc/cpuinfo writes them (abridged) on the three CPUs seen here
  static final Set<String> AVX2_EPYC = OneDnn.parseFlags("fpu sse2 ssse3 fma sse4_2 avx f16c avx2 bmi2 sha_ni");
  static final Set<String> AVX512_EPYC = OneDnn.parseFlags(
      "fpu avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni avx512_bf16 ");
  static final Set<String> AVX512_NO_BF16 = OneDnn.parseFlags("avx avx2 avx512f avx512bw avx512vl avx512_vnni");
  static final Set<String> XEON_AMX = OneDnn.parseFlags(
      "avx avx2 avx512f avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8 avx512_fp16");
  static final Set<String> AMX_ONLY = OneDnn.parseFlags("avx2 amx_tile amx_bf16");

  static OneDnn.Host host(Set<String> flags, String variable) {
    return new OneDnn.Host(flags, variable);
  }

  @Test
  void oneDnnIsOnByDefaultExactlyWithTensorFlowsFeatureListAndTheVariableOverrides() {
    assertFalse(host(AVX2_EPYC, null).oneDnnOn());
    assertTrue(host(AVX512_NO_BF16, null).oneDnnOn(), "AVX512_VNNI turns it on");
    assertTrue(host(XEON_AMX, null).oneDnnOn());
    assertTrue(host(AMX_ONLY, null).oneDnnOn());
    assertTrue(host(AVX2_EPYC, "1").oneDnnOn());
    assertTrue(host(AVX2_EPYC, "TRUE").oneDnnOn());
    assertFalse(host(XEON_AMX, "0").oneDnnOn());
    assertFalse(host(XEON_AMX, "false").oneDnnOn());
    assertTrue(host(XEON_AMX, "maybe").oneDnnOn(), "an unreadable value leaves TensorFlow's default");
    assertFalse(host(null, null).oneDnnOn(), "unknown CPU, nothing set");
  }

  @Test
  void bf16IsAllowedWhereOneDnnRunsItsBf16KernelsWithoutAnyVariable() {
    assertNull(host(XEON_AMX, null).bf16Problem(), "the case this issue is about: AMX, variable unset");
    assertNull(host(AVX512_EPYC, null).bf16Problem());
    assertNull(host(AMX_ONLY, null).bf16Problem());
    assertNull(host(XEON_AMX, "1").bf16Problem());
    assertNull(host(null, "1").bf16Problem(), "unknown CPU, oneDNN asked for");
    String off = host(XEON_AMX, "0").bf16Problem();
    assertTrue(off.contains("TF_ENABLE_ONEDNN_OPTS=0"), off);
    String noBf16 = host(AVX512_NO_BF16, null).bf16Problem();
    assertTrue(noBf16.contains("AVX512_BF16 or AMX"), noBf16);
    assertTrue(host(AVX2_EPYC, "1").bf16Problem().contains("AVX512_BF16 or AMX"));
    assertTrue(host(AVX2_EPYC, null).bf16Problem().contains("AVX512_BF16 or AMX"));
  }

  @Test
  void autoIsBf16OnlyOnACpuThatRunsItFastAndForcedBf16IsRefusedElsewhere() {
    assertEquals(Precision.BF16, Precision.AUTO.resolve(Device.CPU, host(XEON_AMX, null)));
    assertEquals(Precision.BF16, Precision.AUTO.resolve(Device.CPU, host(AVX512_EPYC, null)));
    assertEquals(Precision.FP32, Precision.AUTO.resolve(Device.CPU, host(XEON_AMX, "0")));
    assertEquals(Precision.FP32, Precision.AUTO.resolve(Device.CPU, host(AVX2_EPYC, "1")));
    assertEquals(Precision.FP32, Precision.AUTO.resolve(Device.CPU, host(AVX512_NO_BF16, null)));
    assertEquals(Precision.FP32, Precision.AUTO.resolve(Device.GPU, host(XEON_AMX, null)), "GPU: fp32 until measured");
    assertEquals(Precision.FP32, Precision.FP32.resolve(Device.CPU, host(XEON_AMX, null)), "fp32 forces");
    assertEquals(Precision.BF16, Precision.BF16.resolve(Device.CPU, host(XEON_AMX, null)));
    assertEquals(Precision.BF16, Precision.BF16.resolve(Device.GPU, host(AVX2_EPYC, null)));
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> Precision.BF16.resolve(Device.CPU, host(AVX2_EPYC, null)));
    assertTrue(e.getMessage().contains("--precision auto or fp32"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Precision.AUTO.apply(SessionConfigs.threads(1, 1)));
  }
}
