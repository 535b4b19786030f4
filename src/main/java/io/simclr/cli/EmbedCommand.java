package io.simclr.cli;

import io.simclr.data.ImageFolderReader;
import io.simclr.data.ImageSet;
import io.simclr.data.SplitRecords;
import io.simclr.data.ImageRecords;
import io.simclr.eval.EmbeddingWriter;
import io.simclr.eval.ProjectorFiles;
import io.simclr.input.InferenceImages;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Overwrite;
import io.simclr.eval.SavedEncoder;
import io.simclr.util.InvalidConfigException;
import java.io.IOException;
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
      "Input: a prepared dataset directory (--split, default test; read record by record, encoded",
      "images decoded as the model's embed_encoded does) or image files (resized to the model's",
      "input size). Output: <out>.csv (class name, or for unlabelled data the source file name,",
      "then the embedding) and",
      "<out>.npy (float32 [N, D]). --projector DIR writes what TensorBoard's Embedding Projector",
      "loads: tensors.tsv, metadata.tsv, sprite.png (every image, at most 8192 pixels a side) and",
      "projector_config.pbtxt (tensorboard --logdir DIR, then the Projector tab).",
      "",
      "Example: embed --model saved-models/fm --data data/fashion-mnist --out fm-test",
      "         embed --model saved-models/fm --data data/fashion-mnist --projector fm-projector"
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

  @Option(names = "--out", description = "Output path prefix (.csv and .npy are added).")
  Path out;

  @Option(names = "--projector", paramLabel = "DIR", description = "Also (or only) write Embedding Projector files to DIR.")
  Path projector;

  @Option(names = "--force", description = "Replace --projector DIR if it exists.")
  boolean force;

  @Option(names = "--batch-size", defaultValue = "500", description = "Images per batch (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    if ((data == null) == images.isEmpty()) {
      throw new InvalidConfigException("give either --data or image files");
    }
    InvalidConfigException.check(out != null || projector != null, "give --out, --projector or both");
    if (projector != null) {
      Overwrite.force(force).check(projector);
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
          write(keys, e, set);
        }
      } else {
        ImageSet set = ImageFolderReader.readFiles(images, enc.shape());
        images.forEach(f -> keys.add(f.toString()));
        e = enc.embed(set, batchSize);
        write(keys, e, set);
      }
    }
    return 0;
  }

  private void write(List<String> keys, float[][] e, ImageRecords set) throws IOException {
    int dim = e.length == 0 ? 0 : e[0].length;
    if (out != null) {
      List<Path> files = EmbeddingWriter.write(out, keys, e);
      System.out.printf("embedded %d images (%d-d) to %s and %s%n", e.length, dim, files.get(0), files.get(1));
    }
    if (projector != null) {
      Path tmp = AtomicFiles.tempSibling(projector);
      try (InferenceImages pixels = new InferenceImages(set)) {
        ProjectorFiles.Sprite s = ProjectorFiles.write(tmp, e, keys, pixels);
        AtomicFiles.commitDirectory(tmp, projector, Overwrite.force(force));
        System.out.printf("Embedding Projector files for %d images (%d-d, sprite of %dx%d thumbnails) in %s:"
            + " tensorboard --logdir %s%n", e.length, dim, s.thumbWidth(), s.thumbHeight(), projector, projector);
      } finally {
        if (Files.exists(tmp)) {
          AtomicFiles.deleteRecursively(tmp);
        }
      }
    }
  }
}
