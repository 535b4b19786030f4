package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.data.SplitRecords;
import io.simclr.input.InferenceImages;
import io.simclr.train.TinyRuns;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neighbors end to end: a trained tiny encoder, sampled queries and a query file. */
class NeighborsCommandTest {
  @TempDir Path tmp;

  @Test
  void sampledQueriesAndAnImageFileFindTheirNeighbours() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 64, 24);
    Path run = tmp.resolve("run");
    assertEquals(0, Main.execute("pretrain", "--data", data.toString(), "--out", run.toString(), "--steps", "2",
        "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8", "--monitor-every", "-1"));
    Path model = run.resolve("saved-model");
    Path out = tmp.resolve("nn");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, CliTest.run(err, "neighbors", "--model", model.toString(), "--data", data.toString(),
        "--queries", "4", "-k", "3", "--out", out.toString()), err::toString);
    List<String> csv = Files.readAllLines(out.resolve("neighbors.csv"));
    assertEquals(1 + 4 * 3, csv.size(), String.join("\n", csv));
    for (int q = 0; q < 4; q++) {
      double last = 2;
      for (int r = 0; r < 3; r++) {
        String[] f = csv.get(1 + q * 3 + r).split(",");
        double sim = Double.parseDouble(f[5]);
        assertTrue(sim <= last + 1e-9 && sim <= 1.0001, csv.get(1 + q * 3 + r));
        last = sim;
      }
      BufferedImage sheet = ImageIO.read(out.resolve(String.format("query-%02d.png", q)).toFile());
      assertTrue(sheet.getWidth() > 4 * sheet.getHeight() / 2, "a row of 4 cells");
    }
    // a second run into the same directory is refused; nothing changes
    assertEquals(1, CliTest.run(new ByteArrayOutputStream(), "neighbors", "--model", model.toString(), "--data",
        data.toString(), "--out", out.toString()));
    assertEquals(csv, Files.readAllLines(out.resolve("neighbors.csv")));

    // test image 5 written as a PNG file: its own copy in the split is its nearest neighbour
    Path png = tmp.resolve("image5.png");
    try (SplitRecords test = SplitRecords.open(data, "test"); InferenceImages px = new InferenceImages(test)) {
      float[] p = px.pixels(new int[] {5}, 0, 1);
      int side = test.shape().width();
      BufferedImage im = new BufferedImage(side, test.shape().height(), BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < test.shape().height(); y++) {
        for (int x = 0; x < side; x++) {
          im.getRaster().setSample(x, y, 0, Math.round(p[y * side + x] * 255));
        }
      }
      ImageIO.write(im, "png", png.toFile());
    }
    Path byFile = tmp.resolve("nn-file");
    assertEquals(0, CliTest.run(err, "neighbors", "--model", model.toString(), "--data", data.toString(), "-k", "23",
        "--out", byFile.toString(), png.toString()), err::toString);
    // (a 2-step encoder maps many of these small synthetic images almost alike: compare similarities)
    List<String> rows = Files.readAllLines(byFile.resolve("neighbors.csv"));
    double top = Double.parseDouble(rows.get(1).split(",")[5]);
    String own = rows.stream().filter(l -> l.split(",")[3].equals("5")).findFirst().orElseThrow();
    assertEquals(1.0, Double.parseDouble(own.split(",")[5]), 1e-5, own);
    assertEquals(top, Double.parseDouble(own.split(",")[5]), 1e-5, "its own record is as near as any: " + own);
  }
}
