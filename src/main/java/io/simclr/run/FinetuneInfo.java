package io.simclr.run;

import io.simclr.config.FinetuneRecipe;
import io.simclr.util.BuildInfo;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code finetune.json}: the fine-tuning recipe, the class names, and provenance (where the
 * encoder came from). The chosen labelled images are in {@code subset.json} beside it.
 */
public record FinetuneInfo(String format, FinetuneRecipe recipe, List<String> classNames, Map<String, Object> provenance) {
  public static final String FORMAT = "simclr-tf/finetune-v1";
  public static final String SUBSET_FILE = "subset.json";

  /** The training images that keep their labels, by index into the prepared train split. */
  public record Subset(String split, int count, int[] indices) {}

  public static FinetuneInfo create(FinetuneRecipe recipe, List<String> classNames, Optional<Path> sourceVariables) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("seed", recipe.seed());
    p.put("sourceVariables", sourceVariables.map(v -> v.toAbsolutePath().toString()).orElse("none (random initialisation)"));
    p.put("gitCommit", BuildInfo.current().describedCommit());
    p.put("simclrVersion", BuildInfo.current().version());
    p.put("createdAt", Instant.now().toString());
    return new FinetuneInfo(FORMAT, recipe, classNames, p);
  }

  /** The subset first: the recipe file marks a run as existing (a start killed between the two leaves a leftover). */
  public void write(Path dir, int[] subset) throws IOException {
    Json.writeFile(dir.resolve(SUBSET_FILE), new Subset("train", subset.length, subset));
    Json.writeFile(dir.resolve(FinetuneRecipe.FILE_NAME), this);
  }

  public static FinetuneInfo read(Path dir) throws IOException {
    Path f = dir.resolve(FinetuneRecipe.FILE_NAME);
    if (!Files.isRegularFile(f)) {
      throw new IOException(f + ": missing; not a fine-tuning run directory");
    }
    FinetuneInfo info;
    try {
      info = Json.read(f, FinetuneInfo.class);
    } catch (IOException e) {
      throw new IOException(f + ": unreadable: " + e.getMessage(), e);
    }
    if (info.recipe() == null) {
      throw new IOException(f + ": holds no recipe");
    }
    return info;
  }
}
