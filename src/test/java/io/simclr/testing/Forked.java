package io.simclr.testing;

import io.simclr.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in a separate JVM, as a user would, so it can be killed with SIGKILL. */
public final class Forked {
  private Forked() {}

  public static Process start(Path log, String... args) throws IOException {
    return startMain(log, Main.class.getName(), args);
  }

  /** Runs {@code mainClass} (from the test class path) in a separate JVM. */
  public static Process startMain(Path log, String mainClass, String... args) throws IOException {
    return startMain(log, Map.of(), mainClass, args);
  }

  /** The CLI in a separate JVM with {@code env} added to its environment. */
  public static Process startWithEnv(Path log, Map<String, String> env, String... args) throws IOException {
    return startMain(log, env, Main.class.getName(), args);
  }

  /** The CLI in a separate JVM whose working directory is {@code dir}. */
  public static Process startIn(Path dir, Path log, String... args) throws IOException {
    return startMain(dir, log, Map.of(), Main.class.getName(), args);
  }

  /** The CLI in a separate JVM started with {@code jvmOptions} (such as a small -Xmx). */
  public static int runWithJvmOptions(Path log, List<String> jvmOptions, String... args) throws Exception {
    return startMain(null, log, Map.of(), jvmOptions, Main.class.getName(), args).waitFor();
  }

  private static Process startMain(Path log, Map<String, String> env, String mainClass, String... args)
      throws IOException {
    return startMain(null, log, env, mainClass, args);
  }

  private static Process startMain(Path dir, Path log, Map<String, String> env, String mainClass, String... args)
      throws IOException {
    return startMain(dir, log, env, List.of(), mainClass, args);
  }

  private static Process startMain(Path dir, Path log, Map<String, String> env, List<String> jvmOptions,
      String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        // a JVM crash report goes next to the log, where a test can look for it
        "-XX:ErrorFile=" + log.toAbsolutePath().resolveSibling("hs_err_pid%p.log")));
    cmd.addAll(jvmOptions);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.environment().putAll(env);
    return pb.start();
  }

  public static int run(Path log, String... args) throws Exception {
    return start(log, args).waitFor();
  }
}
