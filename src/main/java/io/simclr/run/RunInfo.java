package io.simclr.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.simclr.config.Recipe;
import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.util.BuildInfo;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.TensorFlow;

/**
 * {@code run.json}: the run's {@link Recipe} plus provenance (dataset hash, git commit,
 * versions). Exported SavedModels carry a copy in {@code assets.extra/run.json}.
 */
public record RunInfo(String format, Recipe recipe, Map<String, Object> provenance) {
  public static final String FILE_NAME = "run.json";
  public static final String FORMAT = "simclr-tf/run-v2";
  /** Where an exported SavedModel keeps its copy of run.json. */
  public static final String IN_SAVED_MODEL = "assets.extra/run.json";

  public static RunInfo create(Recipe recipe, Path dataDir) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("seed", recipe.seed());
    p.put("datasetManifestSha256", PreparedDataset.sha256(dataDir.resolve(Manifest.FILE_NAME)));
    p.put("gitCommit", BuildInfo.current().describedCommit());
    p.put("tensorflowVersion", TensorFlow.version());
    p.put("javaVersion", System.getProperty("java.version"));
    p.put("simclrVersion", BuildInfo.current().version());
    p.put("createdAt", Instant.now().toString());
    return new RunInfo(FORMAT, recipe, p);
  }

  /** This run.json with one more provenance entry. */
  public RunInfo withProvenance(String key, Object value) {
    Map<String, Object> p = new LinkedHashMap<>(provenance);
    p.put(key, value);
    return new RunInfo(format, recipe, p);
  }

  public void write(Path runDir) throws IOException {
    Json.writeFile(runDir.resolve(FILE_NAME), this);
  }

  /** The run.json of a run directory. */
  public static RunInfo read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      throw new IOException(f + ": missing; not a pretraining run directory");
    }
    return readFile(f);
  }

  /** A run.json file (also the copy inside an exported SavedModel); older formats are upgraded. */
  public static RunInfo readFile(Path file) throws IOException {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON: " + Json.oneLine(e.getMessage()), e);
    }
    if (!(tree instanceof ObjectNode o)) {
      throw new IOException(file + ": not a run.json object");
    }
    if (!o.has("recipe") && o.has("config")) {
      upgradeV1(o);
    }
    RunInfo info;
    try {
      info = Json.MAPPER.treeToValue(o, RunInfo.class);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not a run.json this version can read: " + Json.oneLine(e.getOriginalMessage()), e);
    }
    if (info.recipe() == null) {
      throw new IOException(file + ": holds no recipe");
    }
    return info;
  }

  /**
   * v1 (before recipe and run options were split) stored one "config" with the run options in
   * it, the image shape flat in "model" and the optimizer under "name".
   */
  private static void upgradeV1(ObjectNode o) {
    ObjectNode config = (ObjectNode) o.remove("config");
    config.remove(List.of("checkpointEvery", "keepCheckpoints", "logEvery", "device",
        "intraOpThreads", "interOpThreads", "dataOnDevice"));
    if (config.get("model") instanceof ObjectNode model) {
      ObjectNode image = model.putObject("image");
      for (String k : List.of("height", "width", "channels")) {
        image.set(k, model.remove(k));
      }
    }
    if (config.get("optimizer") instanceof ObjectNode opt && opt.has("name")) {
      opt.set("kind", opt.remove("name"));
    }
    // v1 had no online probe
    config.put("onlineProbe", false);
    config.put("onlineProbeLr", 1e-3);
    o.put("format", FORMAT);
    o.set("recipe", config);
  }
}
