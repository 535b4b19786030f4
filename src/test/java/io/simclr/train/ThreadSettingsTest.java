package io.simclr.train;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.testing.Forked;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --threads and --inter-op-threads reach TensorFlow. TensorFlow sizes its CPU thread pools from a
 * process's first session, so each run is a fresh JVM: a device probe with fixed counts before the
 * training session once made every default run single-threaded, whatever --threads said.
 */
class ThreadSettingsTest {
  @TempDir Path tmp;

  @Test
  void pretrainCreatesTheRequestedThreadPoolsWithDeviceAuto() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 8);
    int small = tfThreads(data, "small", 1, 1);
    int large = tfThreads(data, "large", 4, 3);
    // intra-op 1 -> 4 and inter-op 1 -> 3: five more pool threads
    assertEquals(5, large - small, "threads with (4,3) minus threads with (1,1)");
  }

  private int tfThreads(Path data, String name, int intra, int inter) throws Exception {
    Path log = tmp.resolve(name + ".txt");
    int code = Forked.startMain(log, ThreadPoolsProbe.class.getName(), "pretrain", "--data", data.toString(),
        "--out", tmp.resolve(name).toString(), "--encoder", "resnet-small", "--head-hidden", "16",
        "--projection-dim", "8", "--batch-size", "16", "--steps", "2", "--device", "auto",
        "--threads", Integer.toString(intra), "--inter-op-threads", Integer.toString(inter),
        "--no-export").waitFor();
    String out = Files.readString(log);
    assertEquals(0, code, out);
    Matcher m = Pattern.compile("exit=0 unnamed-threads=(\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return Integer.parseInt(m.group(1));
  }
}
