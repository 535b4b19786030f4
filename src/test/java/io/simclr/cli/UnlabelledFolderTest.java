package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.PreparedDataset;
import io.simclr.data.Storage;
import io.simclr.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flat folder of unlabelled images goes through prep, pretrain, export and embed. */
class UnlabelledFolderTest {
  @TempDir Path tmp;

  @Test
  void flatFolderPrepPretrainExportEmbed() throws Exception {
    Path photos = tmp.resolve("photos");
    // the tiny shapes written as files with no class folders
    TinyRuns.writePngs(TinyRuns.shapes(48, 1), tmp.resolve("by-class"));
    Files.createDirectories(photos);
    try (var s = Files.walk(tmp.resolve("by-class"))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Files.move(f, photos.resolve(f.getParent().getFileName() + "-" + f.getFileName()));
      }
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path data = tmp.resolve("data");
    assertEquals(0, CliTest.run(err, "prep", "--format", "folder", "--input", photos.toString(), "--size", "12",
        "--grayscale", "--test-fraction", "0.25", "--out", data.toString()), err::toString);
    var m = PreparedDataset.readManifest(data);
    assertFalse(m.labelled());
    assertEquals(Storage.ENCODED, m.storage());
    assertEquals(36, m.splits().get("train").count());

    Path run = tmp.resolve("run");
    err.reset();
    assertEquals(0, CliTest.run(err, "pretrain", "--data", data.toString(), "--out", run.toString(),
        "--head-hidden", "32", "--projection-dim", "16", "--batch-size", "12", "--steps", "4", "--threads", "1",
        "--lr-scaling", "none", "--lr", "0.1", "--warmup-epochs", "0"), err::toString);
    assertTrue(err.toString().contains("kNN monitor off: " + data + " has no labels"), err.toString());
    assertTrue(err.toString().contains("train streamed"), err.toString());
    // without labels the health monitor still measures (every epoch of 3 steps, and at the end)
    assertTrue(err.toString().contains("health monitor: "), err.toString());
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertTrue(lines.stream().filter(l -> l.contains("\"rank_z\"") && l.contains("\"uniformity\"")).count() >= 2,
        String.join("\n", lines));
    assertTrue(Files.isRegularFile(run.resolve("saved-model/saved_model.pb")), "exported at the end");

    Path model = tmp.resolve("model");
    assertEquals(0, CliTest.run(err, "export", "--run", run.toString(), "--out", model.toString()), err::toString);
    Path out = tmp.resolve("emb");
    assertEquals(0, CliTest.run(err, "embed", "--model", model.toString(), "--data", data.toString(),
        "--split", "test", "--out", out.toString()), err::toString);
    List<String> csv = Files.readAllLines(tmp.resolve("emb.csv"));
    assertEquals(12 + 1, csv.size(), "a header and 12 test images");
    assertTrue(csv.get(1).matches("\"?(square|bar)-\\d{4}\\.png\"?,.*"), "rows keyed by source file: " + csv.get(1));

    Path plots = tmp.resolve("plots");
    assertEquals(0, CliTest.run(err, "plot", "--model", model.toString(), "--data", data.toString(), "--out",
        plots.toString()), err::toString);
    assertTrue(Files.size(plots.resolve("embeddings-pca.png")) > 0);

    // what a labelled-only command says
    err.reset();
    assertEquals(1, CliTest.run(err, "linear-eval", "--model", model.toString(), "--data", data.toString()));
    assertTrue(err.toString().contains("has no labels"), err.toString());
  }
}
