package io.simclr.reliability;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.augment.AugmentConfig;
import io.simclr.data.CifarReader;
import io.simclr.data.DataFormatException;
import io.simclr.data.IdxReader;
import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageFormat;
import io.simclr.data.PreparedDataset;
import io.simclr.data.SplitRecords;
import io.simclr.data.Storage;
import io.simclr.data.TestImages;
import io.simclr.data.TfRecordReader;
import io.simclr.data.UnreadableImageException;
import io.simclr.eval.SavedEncoder;
import io.simclr.export.RunExport;
import io.simclr.input.CropDecoder;
import io.simclr.input.ImageCodec;
import io.simclr.optim.Optimizer;
import io.simclr.prep.FolderPrep;
import io.simclr.prep.Labels;
import io.simclr.runtime.SessionConfigs;
import io.simclr.testing.Mutations;
import io.simclr.train.Pretrainer;
import io.simclr.train.TinyRuns;
import io.simclr.util.ImageShape;
import io.simclr.util.Overwrite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of valid files (bit flips, truncation, insertion, zeroed ranges) fed to every
 * reader, with a fixed seed and a bounded count: each must either read or fail with a clear
 * error naming the file; nothing else may escape and nothing may hang. {@code -Dfuzz.mutants=N}
 * sets the count per file kind (default 150, about 3,000 inputs in all; {@code experiments/fuzz.sh}
 * runs 1,000, over 15,000).
 */
class FuzzTest {
  static final int MUTANTS = Integer.getInteger("fuzz.mutants", 150);
  @TempDir Path tmp;
  final Mutations mutations = new Mutations(20261122);
  final Random random = mutations.random();
  int tried;
  int rejected;

  byte[] mutate(byte[] valid) {
    return mutations.mutate(valid);
  }

  interface Reader {
    void read(Path file) throws Exception;
  }

  /** Mutants of {@code valid} read by {@code reader}: read, or refused with a DataFormatException naming the file. */
  void fuzz(String name, byte[] valid, Reader reader) throws Exception {
    fuzz(name, valid, reader, List.of(DataFormatException.class), (f, e) ->
        // names the mutated file, or (for a manifest) the shard it no longer matches
        assertTrue(e.getMessage().contains(f.getFileName().toString()) || e.getMessage().contains("manifest"),
            e.getMessage()));
  }

  /**
   * Mutants of {@code valid} read by {@code reader}, each within 20 s: read, or refused with one of
   * the {@code refusals} kinds, which {@code check} then inspects; any other exception fails.
   */
  private void fuzz(String name, byte[] valid, Reader reader, List<Class<? extends Exception>> refusals,
      BiConsumer<Path, Exception> check) throws Exception {
    Path f = tmp.resolve(name);
    for (int i = 0; i < MUTANTS; i++) {
      Files.write(f, mutate(valid));
      tried++;
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        try {
          reader.read(f);
        } catch (Exception e) {
          if (refusals.stream().noneMatch(k -> k.isInstance(e))) {
            throw e;
          }
          rejected++;
          check.accept(f, e);
        }
      }, name + " mutant " + i);
    }
  }


  @Test
  void readersSurviveMutatedFiles() throws Exception {
    byte[] idx = TestImages.idxImages(20, 8, 8, TestImages.randomBytes(20 * 64, 1));
    Path labels = tmp.resolve("labels");
    Files.write(labels, TestImages.idxLabels(new int[20]));
    fuzz("images.idx", idx, f -> IdxReader.read(f, labels, IdxReader.MNIST_CLASSES));
    fuzz("images.idx.gz", TestImages.gzip(idx), f -> IdxReader.read(f, labels, IdxReader.MNIST_CLASSES));

    byte[] cifar = new byte[3 * 3073];
    new Random(2).nextBytes(cifar);
    for (int i = 0; i < 3; i++) cifar[i * 3073] = (byte) i;
    fuzz("batch.bin", cifar, f -> CifarReader.read(List.of(f), CifarReader.Variant.CIFAR10,
        CifarReader.classNames(tmp, CifarReader.Variant.CIFAR10)));

    Path shardDir = TinyRuns.writeDataset(tmp.resolve("ds"), 20, 4);
    Path shard = shardDir.resolve(PreparedDataset.readManifest(shardDir).splits().get("train").shards().get(0).file());
    fuzz("shard.tfrecord", Files.readAllBytes(shard), f -> {
      try (TfRecordReader r = new TfRecordReader(f)) {
        while (r.next() != null) {
          // read everything
        }
      }
    });

    byte[] manifest = Files.readAllBytes(shardDir.resolve("manifest.json"));
    Path copy = tmp.resolve("ds-copy");
    Files.createDirectories(copy);
    for (Path p : Files.list(shardDir).toList()) Files.copy(p, copy.resolve(p.getFileName()));
    fuzz("ds-copy/manifest.json", manifest, f -> PreparedDataset.read(copy, "train"));

    // the streaming reader (random access by record index), on an encoded dataset: its shard and its index
    Path enc = TinyRuns.writeEncodedDataset(tmp.resolve("enc"), 20, 4);
    var encShard = PreparedDataset.readManifest(enc).splits().get("train").shards().get(0);
    for (String file : List.of(encShard.file(), encShard.index())) {
      Path copyDir = tmp.resolve("enc-" + file.substring(file.length() - 5));
      Files.createDirectories(copyDir);
      for (Path p : Files.list(enc).toList()) Files.copy(p, copyDir.resolve(p.getFileName()));
      fuzz(copyDir.getFileName() + "/" + file, Files.readAllBytes(enc.resolve(file)), f -> {
        try (SplitRecords r = SplitRecords.open(copyDir, "train")) {
          for (int i = 0; i < r.size(); i++) {
            r.encoded(i);
          }
        }
      });
    }

    System.out.printf("fuzz: %d mutated inputs, %d rejected with a clear error, 0 crashes%n", tried, rejected);
    assertTrue(rejected > tried / 3, "most mutants are caught: " + rejected + "/" + tried);
  }

  @Test
  void imageDecodersSurviveMutatedImages() throws Exception {
    try (ImageCodec codec = new ImageCodec(1);
        CropDecoder crops = new CropDecoder(new ImageShape(8, 8, 3), AugmentConfig.defaults(8), 0, 2, 1,
            SessionConfigs.threads(1, 1))) {
      decodeMutants(codec, crops);
    }
  }

  private void decodeMutants(ImageCodec codec, CropDecoder crops) throws Exception {
    BufferedImage im = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) im.setRGB(x, y, (x * 16) << 16 | (y * 16) << 8 | 77);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    int before = tried;
    int[] rejectedBy = new int[3]; // Commons Imaging's reader, TensorFlow's decoder, the crop decoder
    for (String fmt : List.of("png", "jpg", "gif", "bmp", "tiff")) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(im, fmt, bos), fmt);
      byte[] valid = bos.toByteArray();
      Path dir = tmp.resolve("img-" + fmt + "/c");
      Files.createDirectories(dir);
      Path f = dir.resolve("x." + fmt);
      for (int i = 0; i < MUTANTS / 3; i++) {
        byte[] mutant = mutate(valid);
        Files.write(f, mutant);
        tried++;
        ImageFolderReader r = new ImageFolderReader(8, 3);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
          try {
            r.decode(f);
          } catch (UnreadableImageException e) {
            rejected++;
            rejectedBy[0]++;
          }
          // TensorFlow's decoder, which encoded storage and training use
          try {
            codec.dims(mutant);
          } catch (ImageCodec.ImageException e) {
            rejected++;
            rejectedBy[1]++;
          }
          try {
            crops.decode(1, List.of(mutant), new int[] {0}, 1, new byte[2 * 8 * 8 * 3], 1, 0);
          } catch (CropDecoder.BadImageException e) {
            rejected++;
            rejectedBy[2]++;
          }
        }, fmt + " mutant " + i);
      }
    }
    int images = tried - before;
    System.out.printf("image fuzz: %d mutated images, rejected by Commons Imaging %d, TensorFlow %d, the crop decoder"
        + " %d, 0 crashes%n", images, rejectedBy[0], rejectedBy[1], rejectedBy[2]);
    // a mutant that changes a header or a checksum must be refused, and most do; a decoder that
    // accepted nearly everything would be decoding garbage silently
    for (int d = 0; d < 3; d++) {
      assertTrue(rejectedBy[d] > images / 4, "decoder " + d + " rejected " + rejectedBy[d] + " of " + images);
    }
  }

  /** run.json, run-options.json and finetune.json of real runs, mutated, read as --resume reads them. */
  @Test
  void runFilesSurviveMutation() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("d"), 32, 8);
    Path run = tmp.resolve("run");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Pretrainer.start(TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3), TinyRuns.options(), run, quiet);
    Path ft = tmp.resolve("ft");
    io.simclr.train.Finetuner.start(io.simclr.config.FinetuneRecipe.defaults(data, run.toString(),
        TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3).model()).withLabelFraction(0).withLabelsPerClass(4)
        .withBatchSize(4).withSteps(1), TinyRuns.options(), ft, quiet);
    for (var c : List.of(List.of(run, "run.json"), List.of(run, "run-options.json"), List.of(ft, "finetune.json"))) {
      Path dir = (Path) c.get(0);
      String name = (String) c.get(1);
      Path copy = tmp.resolve("copy-" + name);
      Files.createDirectories(copy);
      for (Path p : Files.list(dir).filter(Files::isRegularFile).toList()) Files.copy(p, copy.resolve(p.getFileName()));
      fuzzOneLine("copy-" + name + "/" + name, Files.readAllBytes(dir.resolve(name)), f -> {
        switch (name) {
          case "run.json" -> io.simclr.run.RunInfo.read(copy).recipe().validate();
          case "run-options.json" -> io.simclr.config.RunOptions.lastUsed(copy).ifPresent(o -> o.validate());
          default -> io.simclr.run.FinetuneInfo.read(copy).recipe().validate();
        }
      });
    }
    System.out.printf("run-file fuzz: %d mutated inputs so far, %d rejected with one line, 0 crashes%n", tried, rejected);
  }

  /** Like {@link #fuzz}, for readers whose errors may name a flag instead of the file: one line, a known kind. */
  void fuzzOneLine(String name, byte[] valid, Reader reader) throws Exception {
    fuzz(name, valid, reader, List.of(IOException.class, DataFormatException.class,
        io.simclr.util.InvalidConfigException.class), (f, e) ->
        assertFalse(String.valueOf(e.getMessage()).contains("\n"), "one line: " + e.getMessage()));
  }


  /** Mutated SavedModels handed to what linear-eval, embed and finetune --from do, in a JVM of their own. */
  @Test
  void savedModelsSurviveMutationInAForkedJvm() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("sm-data"), 32, 8);
    Path run = tmp.resolve("sm-run");
    Pretrainer.start(TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3), TinyRuns.options(), run,
        new PrintStream(new ByteArrayOutputStream()));
    Path model = tmp.resolve("sm-model");
    RunExport.exportLatest(run, model, Overwrite.REFUSE);
    Path log = tmp.resolve("savedmodel-fuzz.log");
    int count = Math.max(50, MUTANTS);
    Process p = io.simclr.testing.Forked.startMain(log, io.simclr.testing.SavedModelFuzz.class.getName(),
        model.toString(), data.toString(), Files.createDirectories(tmp.resolve("sm-work")).toString(), "" + count, "7");
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.MINUTES), "the SavedModel fuzz hangs");
    String out = Files.readString(log);
    String summary = out.lines().filter(l -> l.startsWith("savedmodel fuzz:")).findFirst()
        .orElseGet(() -> fail("no summary (a crash?): ..." + out.substring(Math.max(0, out.length() - 3000))));
    System.out.println(summary);
    assertEquals(0, p.exitValue(), () -> out.lines().filter(l -> l.contains("UNEXPECTED")).toList().toString());
    tried += count;
  }

  /** Random values for every pretraining flag, checked by --dry-run: exit 0, 1 or 2, at most one line, nothing written. */
  @Test
  void flagValuesAreRefusedWithOneLine() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("flag-data"), 300, 8);
    Path out = tmp.resolve("flag-out");
    picocli.CommandLine cl = new picocli.CommandLine(new io.simclr.cli.Main());
    List<String> flags = cl.getSubcommands().get("pretrain").getCommandSpec().options().stream()
        .filter(o -> !o.usageHelp() && !o.versionHelp() && o.arity().max() > 0)
        .map(o -> o.longestName()).filter(n -> !List.of("--out", "--data", "--cluster", "--task").contains(n)).toList();
    String[] values = {"", "0", "-1", "1", "2", "0.5", "-0.0", "1e308", "-1e308", "NaN", "Infinity", "abc", "9999999999999",
        "1,2", "true", "lars", "resnet18", "auto", "stream", "bf16", "ü", "%s", "${x}", "0x10", " 3", "3 ", "1e-400"};
    int perFlag = Math.max(values.length, MUTANTS / 5);
    int cases = 0;
    for (String flag : flags) {
      for (int k = 0; k < perFlag; k++) {
        String value = k < values.length ? values[k] : randomValue();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(outBytes, true));
        System.setErr(new PrintStream(err, true));
        int code;
        try {
          code = io.simclr.cli.Main.execute("pretrain", "--data", data.toString(), "--out", out.toString(), "--dry-run",
              "--monitor-every", "-1", flag, value);
        } finally {
          System.setOut(oldOut);
          System.setErr(oldErr);
        }
        cases++;
        String e = err.toString().strip();
        assertTrue(code == 0 || code == 1 || code == 2, flag + " " + value + ": exit " + code);
        if (code != 0) {
          rejected++;
          // picocli's usage errors come with the usage text after a blank line; ours are one line
          String first = e.lines().findFirst().orElse("");
          assertFalse(first.isEmpty(), flag + " '" + value + "': no message");
          assertFalse(e.contains("Exception") || e.contains("\tat "), flag + " '" + value + "': " + e);
        }
        assertFalse(Files.exists(out), flag + " '" + value + "' wrote " + out);
      }
    }
    tried += cases;
    System.out.printf("flag fuzz: %d flag values on %d pretrain flags, %d refused, 0 crashes, nothing written%n",
        cases, flags.size(), rejected);
  }

  String randomValue() {
    int kind = random.nextInt(4);
    return switch (kind) {
      case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
      case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
      case 2 -> {
        byte[] b = new byte[1 + random.nextInt(12)];
        random.nextBytes(b);
        yield new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace('\0', 'x');
      }
      default -> "x".repeat(random.nextInt(3000));
    };
  }

  @Test
  void zeroByteFilesDirectoriesAndSymlinkLoops() throws Exception {
    Path empty = tmp.resolve("empty.bin");
    Files.write(empty, new byte[0]);
    assertThrows(DataFormatException.class, () -> IdxReader.read(empty, empty, IdxReader.MNIST_CLASSES));
    assertThrows(DataFormatException.class, () -> CifarReader.read(List.of(empty), CifarReader.Variant.CIFAR10, List.of()));
    assertThrows(DataFormatException.class, () -> CifarReader.read(List.of(tmp), CifarReader.Variant.CIFAR10, List.of()));
    // a class folder holding a symlink to its own parent, and a class that is a link to the root
    Path root = tmp.resolve("root");
    Path cls = root.resolve("a");
    Files.createDirectories(cls);
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", cls.resolve("ok.png").toFile());
    Files.createSymbolicLink(cls.resolve("loop"), root);
    Files.createSymbolicLink(root.resolve("b"), root);
    // links below the class folders are not followed: no endless walk, the link is skipped as no file
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> FolderPrep.prepare(root, tmp.resolve("loops"),
        new FolderPrep.Options(4, 3, Storage.RAW, 0, ImageFormat.PNG, Labels.FOLDERS, 0, 0, false, 10, 1),
        Overwrite.REFUSE, new PrintStream(log)));
    assertTrue(log.toString().contains("loop: not a regular file"), log.toString());
  }

  @Test
  void nonUtf8FileNamesAreRead() throws Exception {
    Path cls = tmp.resolve("names/c");
    Files.createDirectories(cls);
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", cls.resolve("ok.png").toFile());
    // Java cannot spell a name that is not valid UTF-8; the shell can.
    Process p = new ProcessBuilder("sh", "-c", "cp ok.png \"$(printf '\\377\\376.png')\"")
        .directory(cls.toFile()).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor());
    try (var s = Files.list(cls)) {
      assertEquals(2, s.count());
    }
    for (Storage storage : Storage.values()) {
      var m = FolderPrep.prepare(tmp.resolve("names"), tmp.resolve("names-" + storage),
          new FolderPrep.Options(4, 3, storage, 0, ImageFormat.PNG, Labels.AUTO, 0, 0, true, 10, 1),
          Overwrite.REFUSE, new PrintStream(new ByteArrayOutputStream()));
      assertEquals(2, m.splits().get("train").count());
    }
  }

  @Test
  void savedModelWithMissingVariablesIsAClearError() throws Exception {
    Path data = TinyRuns.writeDataset(tmp.resolve("d"), 32, 8);
    Path run = tmp.resolve("run");
    Pretrainer.start(TinyRuns.config(data, 2, Optimizer.ADAM, 1e-3), TinyRuns.options(), run,
        new PrintStream(new ByteArrayOutputStream()));
    Path model = tmp.resolve("model");
    RunExport.exportLatest(run, model, Overwrite.REFUSE);
    Files.delete(model.resolve("variables/variables.data-00000-of-00001"));
    IOException e = assertThrows(IOException.class, () -> SavedEncoder.load(model));
    assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
  }
}
