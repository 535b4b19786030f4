package io.simclr.train;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.data.DataFormatException;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.Storage;
import io.simclr.optim.Optimizer;
import io.simclr.run.Metric;
import io.simclr.run.Recipe;
import io.simclr.util.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on streamed data: the same numbers as in memory, exact resume, corrupt records. */
class StreamingTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();

  Outcome start(Recipe r, RunOptions o, Path run) throws Exception {
    return Pretrainer.start(r, o, run, new PrintStream(log));
  }

  @Test
  void streamingRawDataTrainsBitForBitAsInMemory() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 96, 40);
    Recipe r = TinyRuns.config(data, 8, Optimizer.LARS, 0.5).withOnlineProbe(true);
    RunOptions o = TinyRuns.options().withMonitorEvery(4);
    start(r, o.withDataLoading(DataLoading.MEMORY), tmp.resolve("memory"));
    assertTrue(log.toString().contains("train in memory"), log.toString());
    start(r, o.withDataLoading(DataLoading.STREAM).withInputThreads(3), tmp.resolve("stream"));
    assertTrue(log.toString().contains("train streamed from 1 shard(s)"), log.toString());
    assertArrayEquals(TinyRuns.checkpointBytes(tmp.resolve("memory"), 8), TinyRuns.checkpointBytes(tmp.resolve("stream"), 8));
    List<String> memory = TinyRuns.metricsWithoutTime(tmp.resolve("memory"));
    assertEquals(memory, TinyRuns.metricsWithoutTime(tmp.resolve("stream")));
    assertTrue(memory.get(3).contains("knn_top1") && memory.get(3).contains("online_probe_accuracy"), memory.get(3));
  }

  @Test
  void encodedDataResumesBitExactly() throws Exception {
    Path data = TinyRuns.writeEncodedDataset(tmp.resolve("data"), 96, 40);
    assertEquals(Storage.ENCODED, PreparedDataset.readManifest(data).storage());
    Recipe r = TinyRuns.config(data, 9, Optimizer.LARS, 0.5).withOnlineProbe(true);
    RunOptions o = TinyRuns.options().withMonitorEvery(4);
    Outcome whole = start(r, o, tmp.resolve("whole"));
    assertTrue(log.toString().contains("(encoded, 96 images"), log.toString());
    assertEquals(9, whole.step());
    assertTrue(whole.lastValue(Metric.KNN_TOP1) > 0, "the monitor reads encoded test images");
    Path run = tmp.resolve("pieces");
    start(r, o.withStopAfter(5).withInputThreads(1), run);
    Outcome rest = Pretrainer.resume(run, o.withInputThreads(4), new PrintStream(log));
    assertEquals(9, rest.step());
    assertArrayEquals(TinyRuns.checkpointBytes(tmp.resolve("whole"), 9), TinyRuns.checkpointBytes(run, 9));
    assertEquals(TinyRuns.metricsWithoutTime(tmp.resolve("whole")), TinyRuns.metricsWithoutTime(run));
  }

  @Test
  void aCorruptRecordStopsNamingShardAndRecordOrIsSkipped() throws Exception {
    Path data = TinyRuns.writeEncodedDataset(tmp.resolve("data"), 64, 8);
    Manifest m = PreparedDataset.readManifest(data);
    Path shard = data.resolve(m.splits().get("train").shards().get(0).file());
    byte[] b = Files.readAllBytes(shard);
    // the 2nd record's data: the 1st record is 12 + len + 4 bytes long
    long first = java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    b[(int) (16 + first + 12 + 30)] ^= 0x40;
    Files.write(shard, b);
    Recipe r = TinyRuns.config(data, 6, Optimizer.SGD, 0.05);
    RunOptions o = TinyRuns.options().withCheckpointEvery(1).withMonitorEvery(-1);
    Path run = tmp.resolve("stops");
    var e = assertThrows(DataFormatException.class, () -> start(r, o, run));
    assertTrue(e.getMessage().contains(shard.getFileName() + ": record 1: data CRC mismatch")
        && e.getMessage().contains("--skip-corrupt"), e.getMessage());
    Outcome skipped = start(r, o.withSkipCorrupt(true), tmp.resolve("skips"));
    assertEquals(6, skipped.step());
    assertTrue(log.toString().contains("warning: skipping " + shard + ": record 1: data CRC mismatch"), log.toString());
  }

  @Test
  void autoKeepsSmallRawSplitsInMemoryAndStreamsTheRest() {
    Path d = Path.of("ds");
    long budget = 100;
    assertTrue(TrainData.inMemory(DataLoading.AUTO, Storage.RAW, 100, budget, false, d));
    assertFalse(TrainData.inMemory(DataLoading.AUTO, Storage.RAW, 101, budget, false, d));
    assertFalse(TrainData.inMemory(DataLoading.AUTO, Storage.ENCODED, 1, budget, false, d));
    assertTrue(TrainData.inMemory(DataLoading.AUTO, Storage.RAW, 101, budget, true, d), "data on device needs memory");
    assertFalse(TrainData.inMemory(DataLoading.STREAM, Storage.RAW, 1, budget, false, d));
    assertTrue(TrainData.inMemory(DataLoading.MEMORY, Storage.RAW, 101, budget, false, d));
    var e = assertThrows(InvalidConfigException.class,
        () -> TrainData.inMemory(DataLoading.MEMORY, Storage.ENCODED, 1, budget, false, d));
    assertTrue(e.getMessage().contains("encoded"), e.getMessage());
    e = assertThrows(InvalidConfigException.class,
        () -> TrainData.inMemory(DataLoading.MEMORY, Storage.RAW, 3L << 30, budget, false, d));
    assertTrue(e.getMessage().contains("one Java array"), e.getMessage());
    assertThrows(InvalidConfigException.class, () -> TrainData.inMemory(DataLoading.AUTO, Storage.ENCODED, 1, budget, true, d));
  }
}
