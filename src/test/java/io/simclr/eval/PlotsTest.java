package io.simclr.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path tmp;

  @Test
  void pcaFindsTheDominantDirection() {
    // variance 100 along (1, 1, 0)/sqrt2, 1 along z, 0.01 elsewhere
    Random r = new Random(3);
    float[][] x = new float[2000][3];
    for (float[] row : x) {
      double a = 10 * r.nextGaussian();
      row[0] = (float) (a / Math.sqrt(2) + 0.1 * r.nextGaussian());
      row[1] = (float) (a / Math.sqrt(2) - 0.1 * r.nextGaussian());
      row[2] = (float) r.nextGaussian();
    }
    double[][] p = Pca.project(x, 2);
    double v0 = 0, v1 = 0, dot = 0;
    for (int i = 0; i < x.length; i++) {
      v0 += p[i][0] * p[i][0];
      v1 += p[i][1] * p[i][1];
      dot += p[i][0] * (x[i][0] + x[i][1]) / Math.sqrt(2);
    }
    assertEquals(100, v0 / x.length, 10);
    assertEquals(1, v1 / x.length, 0.2);
    assertTrue(Math.abs(dot / Math.sqrt(v0 * (v0))) > 0.99, "PC1 is the (1,1,0) axis");
  }

  @Test
  void writesPngPlots() throws Exception {
    Path metrics = tmp.resolve("metrics.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int step = 1; step <= 40; step++) {
      sb.append(String.format("{\"step\":%d,\"epoch\":%.2f,\"loss\":%.3f,\"contrastive_accuracy\":%.3f,\"learning_rate\":%.3f}%n",
          step, step / 10.0, 5 - step * 0.05, step / 40.0, 0.1));
    }
    Files.writeString(metrics, sb);
    Plots.training(metrics, tmp.resolve("plots"));
    assertFalse(Files.exists(tmp.resolve("plots/health.png")), "no health monitor logged, no health plot");
    for (int step = 50; step <= 200; step += 50) {
      sb.append(String.format("{\"step\":%d,\"epoch\":%.2f,\"loss\":3,\"contrastive_accuracy\":0.5,\"learning_rate\":0.1,"
          + "\"rank_h\":%d,\"rank_z\":%d,\"alignment\":0.4,\"uniformity\":-2.5,\"z_std\":0.05,\"collapse\":0}%n",
          step, step / 10.0, 20 + step / 10, 10 + step / 20));
    }
    Files.writeString(metrics, sb);
    Plots.training(metrics, tmp.resolve("plots"));
    float[][] e = new float[30][4];
    int[] labels = new int[30];
    Random r = new Random(1);
    for (int i = 0; i < 30; i++) {
      labels[i] = i % 3;
      for (int j = 0; j < 4; j++) e[i][j] = (float) (labels[i] * 3 + r.nextGaussian());
    }
    Plots.embeddings(e, labels, List.of("a", "b", "c"), tmp.resolve("plots"));
    for (String f : List.of("training.png", "learning-rate.png", "embeddings-pca.png", "health.png")) {
      var img = ImageIO.read(tmp.resolve("plots").resolve(f).toFile());
      assertNotNull(img, f);
      assertTrue(img.getWidth() >= 800, f);
    }
  }
}
