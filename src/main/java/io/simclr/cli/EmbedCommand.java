package io.simclr.cli;

import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageSet;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.eval.NpyWriter;
import io.simclr.eval.SavedEncoder;
import io.simclr.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Write embeddings of images using only an exported SavedModel.",
      "Input: a prepared dataset directory (--split, default test) or image files (resized to the",
      "model's input size). Output: <out>.csv (label or file name, then the embedding) and",
      "<out>.npy (float32 [N, D]).",
      "",
      "Example: embed --model saved-models/fm --data data/fashion-mnist --out fm-test"
    })
public final class EmbedCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, description = "Encoder SavedModel directory.")
  Path model;

  @Option(names = "--data", description = "Prepared dataset directory.")
  Path data;

  @Option(names = "--split", defaultValue = "test", description = "Split of --data (default ${DEFAULT-VALUE}).")
  String split;

  @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, BMP, GIF, TIFF).")
  List<Path> images = new ArrayList<>();

  @Option(names = "--out", required = true, description = "Output path prefix (.csv and .npy are added).")
  Path out;

  @Option(names = "--batch-size", defaultValue = "500", description = "Images per batch (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    if ((data == null) == images.isEmpty()) {
      throw new IllegalArgumentException("give either --data or image files");
    }
    try (SavedEncoder enc = SavedEncoder.load(model)) {
      ImageSet set;
      List<String> keys = new ArrayList<>();
      if (data != null) {
        set = PreparedDataset.read(data, split);
        enc.requireCompatible(set, data);
        Manifest m = PreparedDataset.readManifest(data);
        for (int label : set.labels()) keys.add(m.classNames().get(label));
      } else {
        set = readImages(enc, keys);
      }
      float[][] e = enc.embed(set, batchSize);
      StringBuilder csv = new StringBuilder("key");
      for (int j = 0; j < enc.dim(); j++) csv.append(",e").append(j);
      csv.append('\n');
      for (int i = 0; i < e.length; i++) {
        csv.append('"').append(keys.get(i).replace("\"", "\"\"")).append('"');
        for (float v : e[i]) csv.append(',').append(v);
        csv.append('\n');
      }
      Path csvFile = Path.of(out + ".csv");
      Path npyFile = Path.of(out + ".npy");
      AtomicFiles.writeString(csvFile, csv.toString());
      NpyWriter.write(npyFile, e);
      System.out.printf("embedded %d images (%d-d) to %s and %s%n", e.length, enc.dim(), csvFile, npyFile);
    }
    return 0;
  }

  private ImageSet readImages(SavedEncoder enc, List<String> keys) throws Exception {
    var shape = enc.shape();
    if (shape.height() != shape.width()) {
      throw new IllegalArgumentException("image files need a square model input; use a prepared dataset");
    }
    ImageFolderReader reader = new ImageFolderReader(shape.height(), shape.channels(), true, System.err);
    byte[] px = new byte[images.size() * shape.pixelsPerImage()];
    for (int i = 0; i < images.size(); i++) {
      Path f = images.get(i);
      if (!Files.isRegularFile(f)) {
        throw new io.simclr.data.DataFormatException(f, "no such file");
      }
      byte[] one = reader.decodeFile(f);
      System.arraycopy(one, 0, px, i * one.length, one.length);
      keys.add(f.toString());
    }
    return new ImageSet(px, new int[images.size()], shape, List.of("unlabelled"));
  }
}
