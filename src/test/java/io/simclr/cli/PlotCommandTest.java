package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plot --tsne end to end: a t-SNE map beside the PCA plot, the same picture for a seed, bad values refused. */
class PlotCommandTest {
  @TempDir Path tmp;

  @Test
  void drawsTsneMapReproduciblyAndRefusesBadSizes() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 48, 30);
    Path run = tmp.resolve("run");
    assertEquals(0, Main.execute("pretrain", "--data", data.toString(), "--out", run.toString(), "--steps", "2",
        "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8", "--monitor-every", "-1"));
    String model = run.resolve("saved-model").toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path a = tmp.resolve("a");
    assertEquals(0, CliTest.run(out, "plot", "--model", model, "--data", data.toString(), "--tsne", "--perplexity", "5",
        "--out", a.toString()), out::toString);
    assertNotNull(ImageIO.read(a.resolve("embeddings-tsne.png").toFile()));
    assertNotNull(ImageIO.read(a.resolve("embeddings-pca.png").toFile()));
    Path b = tmp.resolve("b");
    assertEquals(0, CliTest.run(new ByteArrayOutputStream(), "plot", "--model", model, "--data", data.toString(),
        "--tsne", "--perplexity", "5", "--out", b.toString()));
    assertArrayEquals(Files.readAllBytes(a.resolve("embeddings-tsne.png")), Files.readAllBytes(b.resolve("embeddings-tsne.png")),
        "same seed, same map");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, CliTest.run(err, "plot", "--model", model, "--data", data.toString(), "--tsne",
        "--out", tmp.resolve("c").toString()));
    assertTrue(err.toString().contains("perplexity 30.0 needs"), err.toString());
    assertTrue(!Files.exists(tmp.resolve("c")), "nothing written before the refusal");
    err.reset();
    assertEquals(2, CliTest.run(err, "plot", "--model", model, "--data", data.toString(), "--tsne", "--tsne-points", "1",
        "--out", tmp.resolve("d").toString()));
    assertTrue(err.toString().contains("--tsne-points must be in [2, 10000], got 1"), err.toString());
  }
}
