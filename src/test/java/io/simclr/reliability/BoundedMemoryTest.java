package io.simclr.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.cli.Main;
import io.simclr.data.TestImages;
import io.simclr.testing.Forked;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases where a result could outgrow memory end in one clear line at a small heap, in a JVM of
 * their own, and write nothing: a collapsed encoder's pairs, threshold 0, and a split whose
 * embeddings do not fit the heap. (Before pairs streamed to disk the first two died with an
 * OutOfMemoryError.)
 */
class BoundedMemoryTest {
  @TempDir static Path tmp;
  private static Path model;

  @BeforeAll
  static void tinyEncoder() throws Exception {
    Path raw = tmp.resolve("raw");
    TestImages.writeIdxDir(raw, 4000, 10, 8);
    assertEquals(0, Main.execute("prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out",
        tmp.resolve("random").toString()));
    Path run = tmp.resolve("run");
    assertEquals(0, Main.execute("pretrain", "--data", tmp.resolve("random").toString(), "--out", run.toString(),
        "--steps", "2", "--batch-size", "8", "--head-hidden", "16", "--projection-dim", "8", "--lr-scaling", "none",
        "--lr", "0.1", "--warmup-epochs", "0", "--monitor-every", "-1"));
    model = run.resolve("saved-model");
  }

  /** The same 8x8 image {@code n} times: whatever the encoder, every embedding is equal. */
  private static Path identicalImages(String name, int n) throws Exception {
    Path raw = Files.createDirectories(tmp.resolve(name + "-raw"));
    byte[] one = TestImages.randomBytes(64, 5);
    byte[] px = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      System.arraycopy(one, 0, px, i * 64, 64);
    }
    int[] labels = new int[n];
    Arrays.setAll(labels, i -> i % 10);
    for (String split : List.of("train", "t10k")) {
      Files.write(raw.resolve(split + "-images-idx3-ubyte.gz"), TestImages.gzip(TestImages.idxImages(n, 8, 8, px)));
      Files.write(raw.resolve(split + "-labels-idx1-ubyte.gz"), TestImages.gzip(TestImages.idxLabels(labels)));
    }
    Path data = tmp.resolve(name);
    assertEquals(0, Main.execute("prep", "--format", "fashion-mnist", "--input", raw.toString(), "--out", data.toString()));
    return data;
  }

  @Test
  void aCollapsedEncodersPairsEndInOneLine() throws Exception {
    // 3,000 equal embeddings: 4.5 million pairs, which as objects were over 100 MB
    Path data = identicalImages("collapsed", 3000);
    String err = failsInOneLine(List.of("-Xmx48m"), data, "collapsed-out");
    assertTrue(err.contains("most pairs are above the threshold") && err.contains("100% of 20,000 random pairs are at"
        + " cosine >= 0.95"), err);
    // all pairs, exactly: stopped by the limit
    String exact = failsInOneLine(List.of("-Xmx48m"), data, "collapsed-exact-out", "--exact");
    assertTrue(exact.contains("most pairs are above the threshold") && exact.contains("more than 1000000 pairs"), exact);
  }

  @Test
  void thresholdZeroEndsInOneLine() throws Exception {
    // ReLU features: every cosine is >= 0, so all 8 million pairs of the 4,000 images qualify
    for (List<String> how : List.of(List.<String>of(), List.of("--exact"))) {
      List<String> flags = new ArrayList<>(List.of("--threshold", "0"));
      flags.addAll(how);
      String err = failsInOneLine(List.of("-Xmx48m"), tmp.resolve("random"), "zero-out" + how.size(),
          flags.toArray(String[]::new));
      assertTrue(err.contains("most pairs are above the threshold"), err);
    }
  }

  @Test
  void embeddingsLargerThanTheHeapEndInOneLine() throws Exception {
    // 60,000 embeddings of 128 floats are 30 MiB, more than a 24 MiB heap holds
    Path data = identicalImages("large", 60_000);
    String err = failsInOneLine(List.of("-Xmx24m"), data, "large-out");
    assertTrue(err.contains("60000 embeddings of 128 floats") && err.contains("raise -Xmx"), err);
  }

  private static String failsInOneLine(List<String> jvm, Path data, String outName, String... extra) throws Exception {
    Path log = tmp.resolve(outName + ".log");
    Path out = tmp.resolve(outName);
    List<String> args = new ArrayList<>(List.of("duplicates", "--model", model.toString(), "--data", data.toString(),
        "--out", out.toString()));
    args.addAll(List.of(extra));
    int code = Forked.runWithJvmOptions(log, jvm, args.toArray(String[]::new));
    String text = Files.readString(log);
    List<String> errors = text.lines().filter(l -> l.startsWith("error: ")).collect(Collectors.toList());
    assertEquals(1, code, text);
    assertEquals(1, errors.size(), text);
    assertFalse(text.contains("Exception") || text.contains("OutOfMemoryError") || text.contains("\tat "), text);
    assertFalse(Files.exists(out), "nothing written at " + out);
    try (var siblings = Files.list(tmp)) {
      assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith("." + outName)), "no temporary left");
    }
    return errors.get(0);
  }
}
