package io.simclr.train;

import io.simclr.util.AtomicFiles;
import io.simclr.util.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code metrics.jsonl}: one JSON object per logged step, appended and flushed as it goes. */
public final class MetricsLog implements AutoCloseable {
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

  public void log(Map<String, Object> record) throws IOException {
    out.write(Json.line(record));
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
