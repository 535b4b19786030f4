package io.simclr.train;

import io.simclr.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link ThreadSettingsTest}: runs the CLI with its arguments, then prints
 * how many threads are named {@code java}. The JVM names its own threads; TensorFlow's native
 * pool threads keep the process name, so differences between runs count TensorFlow's threads.
 */
public final class ThreadPoolsProbe {
  public static void main(String[] args) throws Exception {
    int code = Main.execute(args);
    int unnamed = 0;
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        if (Files.readString(t.resolve("comm")).strip().equals("java")) {
          unnamed++;
        }
      }
    }
    System.out.println("exit=" + code + " unnamed-threads=" + unnamed);
    System.exit(code);
  }
}
