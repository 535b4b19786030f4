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
    Path projector = tmp.resolve("projector");
    assertEquals(0, CliTest.run(err, "embed", "--model", model.toString(), "--data", data.toString(),
        "--split", "test", "--out", out.toString(), "--projector", projector.toString()), err::toString);
    List<String> csv = Files.readAllLines(tmp.resolve("emb.csv"));
    assertEquals(12 + 1, csv.size(), "a header and 12 test images");
    assertTrue(csv.get(1).matches("\"?(square|bar)-\\d{4}\\.png\"?,.*"), "rows keyed by source file: " + csv.get(1));
    // the Embedding Projector's files: the same vectors, tab-separated, and the file names as metadata
    List<String> tensors = Files.readAllLines(projector.resolve("tensors.tsv"));
    List<String> metadata = Files.readAllLines(projector.resolve("metadata.tsv"));
    assertEquals(12, tensors.size());
    assertEquals(List.of("index", "key"), List.of(metadata.get(0).split("\t")));
    assertEquals(12 + 1, metadata.size());
    for (int i = 0; i < 12; i++) {
      String[] row = csv.get(i + 1).split(",");
      assertEquals(String.join("\t", java.util.Arrays.copyOfRange(row, 1, row.length)), tensors.get(i));
      assertEquals(i + "\t" + row[0].replace("\"", ""), metadata.get(i + 1));
    }
    String config = Files.readString(projector.resolve("projector_config.pbtxt"));
    assertTrue(config.contains("tensor_path: \"tensors.tsv\"") && config.contains("metadata_path: \"metadata.tsv\"")
        && config.contains("image_path: \"sprite.png\"") && config.contains("single_image_dim: 12"), config);
    java.awt.image.BufferedImage sprite = javax.imageio.ImageIO.read(projector.resolve("sprite.png").toFile());
    // 12 images of 12 x 12: a grid of 4 columns and 3 rows
    assertEquals(4 * 12, sprite.getWidth());
    assertEquals(3 * 12, sprite.getHeight());

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
