package io.simclr.cli;

import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageSet;
import io.simclr.data.SplitRecords;
import io.simclr.eval.EmbeddingWriter;
import io.simclr.eval.SavedEncoder;
import io.simclr.util.InvalidConfigException;
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
      "Input: a prepared dataset directory (--split, default test; read record by record, encoded",
      "images decoded as the model's embed_encoded does) or image files (resized to the model's",
      "input size). Output: <out>.csv (class name, or for unlabelled data the source file name,",
      "then the embedding) and",
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
      throw new InvalidConfigException("give either --data or image files");
    }
    try (SavedEncoder enc = SavedEncoder.load(model)) {
      List<String> keys = new ArrayList<>();
      float[][] e;
      if (data != null) {
        try (SplitRecords set = SplitRecords.open(data, split)) {
          RecordKeys recordKeys = new RecordKeys(set, split);
          enc.requireCompatible(set.shape(), data);
          for (int i = 0; i < set.size(); i++) {
            // labelled: the class; unlabelled: the source file, or the record's place
            keys.add(recordKeys.classOrFile(i));
          }
          e = enc.embed(set, batchSize);
        }
      } else {
        ImageSet set = ImageFolderReader.readFiles(images, enc.shape());
        images.forEach(f -> keys.add(f.toString()));
        e = enc.embed(set, batchSize);
      }
      List<Path> files = EmbeddingWriter.write(out, keys, e);
      System.out.printf("embedded %d images (%d-d) to %s and %s%n", e.length, enc.dim(), files.get(0), files.get(1));
    }
    return 0;
  }
}
