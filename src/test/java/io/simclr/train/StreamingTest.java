package io.simclr.train;

import io.simclr.feed.TrainData;
import io.simclr.config.DataLoading;
import io.simclr.config.RunOptions;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.config.FinetuneRecipe;
import io.simclr.config.Recipe;
import io.simclr.data.DataFormatException;
import io.simclr.data.ImageFormat;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SplitRecords;
import io.simclr.data.Storage;
import io.simclr.eval.ClassifierEvaluation;
import io.simclr.eval.LinearEvaluation;
import io.simclr.eval.LinearProbe;
import io.simclr.eval.SavedEncoder;
import io.simclr.export.ClassifierExporter;
import io.simclr.export.ExportContract;
import io.simclr.export.RunExport;
import io.simclr.metrics.Metric;
import io.simclr.optim.Optimizer;
import io.simclr.prep.FolderPrep;
import io.simclr.prep.Labels;
import io.simclr.run.Checkpoints;
import io.simclr.run.FinetuneInfo;
import io.simclr.util.InvalidConfigException;
import io.simclr.util.Overwrite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

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
  void featuresOfEncodedDataAreWhatTheExportedModelServes() throws Exception {
    Path data = TinyRuns.writeEncodedDataset(tmp.resolve("data"), 64, 12);
    Path run = tmp.resolve("run");
    start(TinyRuns.config(data, 3, Optimizer.LARS, 0.5), TinyRuns.options(), run);
    Path model = tmp.resolve("model");
    RunExport.exportLatest(run, model, Overwrite.REFUSE);
    try (SplitRecords test = SplitRecords.open(data, "test"); SavedEncoder enc = SavedEncoder.load(model);
        SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve")) {
      float[][] ours = enc.embed(test, 5);
      byte[][] files = new byte[test.size()][];
      for (int i = 0; i < files.length; i++) files[i] = test.encoded(i).file();
      try (TString in = TString.tensorOfBytes(NdArrays.vectorOfObjects(files));
          Result r = b.function(ExportContract.ENCODED).call(Map.of(ExportContract.ENCODED_INPUT, in))) {
        TFloat32 served = (TFloat32) r.get(ExportContract.EMBEDDING).orElseThrow();
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
          for (int j = 0; j < ours[i].length; j++) {
            max = Math.max(max, Math.abs(ours[i][j] - served.getFloat(i, j)));
          }
        }
        assertTrue(max < 1e-5, "features of encoded images differ from embed_encoded's by " + max);
      }
    }
    var report = LinearEvaluation.run(model, data, new LinearEvaluation.Options(
        LinearProbe.Settings.paper(0).withFixedL2(1e-3), 5, List.of(), 16), new PrintStream(log));
    assertEquals(12, report.testImages());

    // fine-tuning streams its labelled subset of encoded images too (one cropped view each) and is scored on them
    FinetuneRecipe ft = FinetuneRecipe.defaults(data, run.toString(), TinyRuns.config(data, 3, Optimizer.LARS, 0.5).model())
        .withLabelFraction(0).withLabelsPerClass(8).withBatchSize(8).withSteps(4).withSeed(1);
    Outcome tuned = Finetuner.start(ft, TinyRuns.options(), tmp.resolve("ft"), new PrintStream(log));
    assertEquals(4, tuned.step());
    assertTrue(log.toString().contains("fine-tuning on 16 labelled images"), log.toString());
    Path classifier = tmp.resolve("classifier");
    ClassifierExporter.export(FinetuneInfo.read(tmp.resolve("ft")),
        new Checkpoints(tmp.resolve("ft"), Integer.MAX_VALUE).prefix(4), classifier, Overwrite.REFUSE);
    assertEquals(12, ClassifierEvaluation.run(classifier, data, 5).testImages());
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
  void streamedFineTuningOfALabelledSubsetTrainsBitForBitAsInMemory() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 96, 40);
    Path pre = tmp.resolve("pre");
    start(TinyRuns.config(data, 4, Optimizer.LARS, 0.5), TinyRuns.options(), pre);
    FinetuneRecipe r = FinetuneRecipe.defaults(data, pre.toString(), TinyRuns.config(data, 4, Optimizer.LARS, 0.5).model())
        .withLabelFraction(0).withLabelsPerClass(12).withBatchSize(8).withSteps(6).withSeed(2);
    RunOptions o = TinyRuns.options();
    Finetuner.start(r, o.withDataLoading(DataLoading.MEMORY), tmp.resolve("ft-memory"), new PrintStream(log));
    Finetuner.start(r, o.withDataLoading(DataLoading.STREAM), tmp.resolve("ft-stream"), new PrintStream(log));
    assertArrayEquals(TinyRuns.checkpointBytes(tmp.resolve("ft-memory"), 6), TinyRuns.checkpointBytes(tmp.resolve("ft-stream"), 6));
    assertEquals(TinyRuns.metricsWithoutTime(tmp.resolve("ft-memory")), TinyRuns.metricsWithoutTime(tmp.resolve("ft-stream")));
  }

  @Test
  void unlabelledTrainingDataIsMonitoredWithAnotherLabelledDataset() throws Exception {
    Path labelled = TinyRuns.writeDataset(tmp.resolve("labelled"), 64, 40);
    // the same kind of images without labels
    Path photos = tmp.resolve("photos");
    TinyRuns.writePngs(TinyRuns.shapes(64, 9), photos.resolve("x"));
    Path unlabelled = tmp.resolve("unlabelled");
    FolderPrep.prepare(photos, unlabelled, new FolderPrep.Options(TinyRuns.SIDE, 1, Storage.ENCODED, 0, ImageFormat.PNG,
        Labels.NONE, 0, 0, true, 100, 2), Overwrite.REFUSE, new PrintStream(log));
    Recipe r = TinyRuns.config(unlabelled, 4, Optimizer.LARS, 0.5);
    Outcome off = start(r, TinyRuns.options(), tmp.resolve("off"));
    assertTrue(log.toString().contains("kNN monitor off"), log.toString());
    assertTrue(Double.isNaN(off.lastValue(Metric.KNN_TOP1)));
    Outcome on = start(r, TinyRuns.options().withMonitorData(labelled.toString()), tmp.resolve("on"));
    assertTrue(on.lastValue(Metric.KNN_TOP1) >= 0, "monitored with --monitor-data");
    assertArrayEquals(TinyRuns.checkpointBytes(tmp.resolve("off"), 4), TinyRuns.checkpointBytes(tmp.resolve("on"), 4),
        "the monitor only reads the weights");
    var e = assertThrows(InvalidConfigException.class,
        () -> start(r, TinyRuns.options().withMonitorData(unlabelled.toString()), tmp.resolve("bad")));
    assertTrue(e.getMessage().contains("needs labels"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("bad")));
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

  /** bench --input on both storages: the pipeline alone and with the in-graph augmentation both run. */
  @Test
  void theInputBenchmarkRunsOnRawAndEncodedData() throws Exception {
    for (Path data : List.of(TinyRuns.writeDataset(tmp.resolve("raw"), 24, 8),
        TinyRuns.writeEncodedDataset(tmp.resolve("encoded"), 24, 8))) {
      InputBench.Result r = InputBench.run(data, 8, 2, TinyRuns.options().withDataLoading(DataLoading.STREAM),
          new PrintStream(log));
      assertTrue(r.streamed() && r.hostImagesPerSecond() > 0 && r.augmentedImagesPerSecond() > 0, r.toString());
    }
  }
}
