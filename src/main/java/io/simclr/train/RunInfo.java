package io.simclr.train;

import io.simclr.data.Manifest;
import io.simclr.data.PreparedDataset;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;

/** {@code run.json}: the full config plus provenance (dataset hash, git commit, versions). */
public record RunInfo(PretrainConfig config, Map<String, Object> provenance) {
  public static final String FILE_NAME = "run.json";

  public static RunInfo create(PretrainConfig config, Path dataDir) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("seed", config.seed());
    p.put("datasetManifestSha256", PreparedDataset.sha256(dataDir.resolve(Manifest.FILE_NAME)));
    p.put("gitCommit", gitCommit());
    p.put("tensorflowVersion", TensorFlow.version());
    p.put("javaVersion", System.getProperty("java.version"));
    p.put("simclrVersion", String.valueOf(RunInfo.class.getPackage().getImplementationVersion()));
    p.put("createdAt", Instant.now().toString());
    return new RunInfo(config, p);
  }

  public void write(Path runDir) throws IOException {
    Json.writeFile(runDir.resolve(FILE_NAME), this);
  }

  public static RunInfo read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE_NAME);
    if (!java.nio.file.Files.isRegularFile(f)) {
      throw new IOException(f + ": missing; not a pretraining run directory");
    }
    return Json.read(f, RunInfo.class);
  }

  /** The commit of the working directory's git checkout, or "unknown". */
  static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        return out;
      }
    } catch (IOException | InterruptedException e) {
      // no git: provenance says unknown
    }
    return "unknown";
  }
}
