package io.simclr.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per logged step ({@code step}, {@code epoch}, one key
 * per {@link Metric}, {@code time} in seconds since the epoch), appended and flushed as it goes.
 */
public final class MetricsLog implements AutoCloseable {
  public static final String FILE_NAME = "metrics.jsonl";

  private final BufferedWriter out;

  /**
   * Opens the log; on resume from {@code resumedStep}, lines logged after that step (by the run
   * that crashed) are dropped first so the log matches the restored state.
   */
  public MetricsLog(Path file, long resumedStep) throws IOException {
    if (resumedStep >= 0 && Files.exists(file)) {
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          if (Json.MAPPER.readTree(line).path("step").asLong(Long.MAX_VALUE) <= resumedStep) {
            kept.add(line);
          }
        } catch (IOException torn) {
          // a line torn by the crash: drop it
        }
      }
      AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    } else {
      Files.deleteIfExists(file);
    }
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  public void log(StepMetrics e) throws IOException {
    out.write(Json.line(e.json()));
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Every entry of a run's log, in order; metrics a line lacks are absent from its values. */
  public static List<StepMetrics> read(Path file) throws IOException {
    List<StepMetrics> entries = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(line);
      } catch (IOException e) {
        throw new IOException(file + ": line " + lineNo + " is not JSON", e);
      }
      if (!n.has("step") || !n.has("epoch")) {
        throw new IOException(file + ": line " + lineNo + " lacks step or epoch");
      }
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        if (n.has(m.key())) {
          values.put(m, n.get(m.key()).asDouble());
        }
      }
      entries.add(new StepMetrics(n.get("step").asLong(), n.get("epoch").asDouble(), values, n.path("time").asDouble()));
    }
    return entries;
  }
}
