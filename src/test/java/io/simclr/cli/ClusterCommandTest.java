package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster end to end: every image assigned, sheets, agreement with the labels, the same clusters for a seed. */
class ClusterCommandTest {
  @TempDir Path tmp;

  @Test
  void clustersEveryImageAndReportsAgreementReproducibly() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 48, 30);
    Path run = tmp.resolve("run");
    assertEquals(0, Main.execute("pretrain", "--data", data.toString(), "--out", run.toString(), "--steps", "2",
        "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8", "--monitor-every", "-1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path a = tmp.resolve("a");
    assertEquals(0, CliTest.run(out, "cluster", "--model", run.resolve("saved-model").toString(), "--data",
        data.toString(), "-k", "3", "--out", a.toString()), out::toString);
    List<String> rows = Files.readAllLines(a.resolve("clusters.csv"));
    assertEquals(1 + 30, rows.size());
    assertTrue(rows.stream().skip(1).allMatch(l -> l.matches("\\d+,\".*\",[0-2]")), String.join("\n", rows));
    String agreement = Files.readString(a.resolve("agreement.txt"));
    assertTrue(agreement.startsWith("NMI ") && agreement.contains("adjusted Rand index"), agreement);
    assertTrue(Files.isRegularFile(a.resolve("cluster-00.png")));
    Path b = tmp.resolve("b");
    assertEquals(0, CliTest.run(new ByteArrayOutputStream(), "cluster", "--model", run.resolve("saved-model").toString(),
        "--data", data.toString(), "-k", "3", "--out", b.toString()));
    assertEquals(rows, Files.readAllLines(b.resolve("clusters.csv")), "same seed, same clusters");
    assertEquals(2, CliTest.run(new ByteArrayOutputStream(), "cluster", "--model", run.resolve("saved-model").toString(),
        "--data", data.toString(), "-k", "1", "--out", tmp.resolve("c").toString()));
  }
}
