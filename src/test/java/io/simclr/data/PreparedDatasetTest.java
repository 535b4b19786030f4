package io.simclr.data;

import io.simclr.util.ImageShape;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.util.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDatasetTest {
  @TempDir Path tmp;

  static ImageSet random(int n, ImageShape shape, int classes, long seed) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = (int) ((i * 7 + seed) % classes);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) names.add("c" + c);
    return new ImageSet(TestImages.randomBytes(n * shape.pixelsPerImage(), seed), labels, shape, names);
  }

  private Path writeSample() throws IOException {
    ImageShape shape = new ImageShape(5, 4, 3);
    Map<String, ImageSet> splits = new LinkedHashMap<>();
    splits.put("train", random(23, shape, 3, 1));
    splits.put("test", random(5, shape, 3, 2));
    Path dir = tmp.resolve("ds");
    PreparedDataset.write(splits, dir, "test", 10, Overwrite.REFUSE);
    return dir;
  }

  @Test
  void roundTripAcrossShards() throws IOException {
    Path dir = writeSample();
    Manifest m = PreparedDataset.readManifest(dir);
    assertEquals(3, m.splits().get("train").shards().size());
    ImageSet train = PreparedDataset.read(dir, "train");
    ImageSet expected = random(23, new ImageShape(5, 4, 3), 3, 1);
    assertArrayEquals(expected.pixels(), train.pixels());
    assertArrayEquals(expected.labels(), train.labels());
    assertEquals(5, PreparedDataset.read(dir, "test").size());
    // Nothing but the outputs: no temp directories left next to it.
    try (var s = Files.list(tmp)) {
      assertEquals(List.of("ds"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void refusesToOverwriteWithoutForce() throws IOException {
    Path dir = writeSample();
    IOException e = assertThrows(IOException.class, () ->
        PreparedDataset.write(Map.of("train", random(2, new ImageShape(1, 1, 1), 2, 0)), dir, "x", 10, Overwrite.REFUSE));
    assertTrue(e.getMessage().contains("--force"));
    PreparedDataset.write(Map.of("train", random(2, new ImageShape(1, 1, 1), 2, 0)), dir, "x", 10, Overwrite.REPLACE);
    assertEquals(2, PreparedDataset.read(dir, "train").size());
  }

  @Test
  void tamperedShardFailsHashCheck() throws IOException {
    Path dir = writeSample();
    Path shard = dir.resolve(PreparedDataset.readManifest(dir).splits().get("train").shards().get(1).file());
    byte[] b = Files.readAllBytes(shard);
    b[40] ^= 1;
    Files.write(shard, b);
    var e = assertThrows(DataFormatException.class, () -> PreparedDataset.read(dir, "train"));
    assertTrue(e.getMessage().contains(shard.getFileName().toString()) && e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void urlsAreRefusedWithMountAdvice() {
    for (String url : List.of("gs://bucket/data", "s3://b/d", "hdfs://nn:8020/d")) {
      var e = assertThrows(DataFormatException.class, () -> PreparedDataset.readManifest(Path.of(url)));
      assertTrue(e.getMessage().contains("mount"), e.getMessage());
      assertThrows(DataFormatException.class, () -> DatasetWriter.create(Path.of(url), Overwrite.REFUSE));
    }
  }

  @Test
  void missingManifestAndSplit() throws IOException {
    var e = assertThrows(DataFormatException.class, () -> PreparedDataset.read(tmp, "train"));
    assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    Path dir = writeSample();
    e = assertThrows(DataFormatException.class, () -> PreparedDataset.read(dir, "validation"));
    assertTrue(e.getMessage().contains("validation"), e.getMessage());
  }
}
