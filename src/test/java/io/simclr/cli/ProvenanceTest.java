package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simclr.testing.Forked;
import io.simclr.train.TinyRuns;
import io.simclr.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json names the code that ran, not the repository the command was started in. */
class ProvenanceTest {
  @TempDir Path tmp;

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
    return out;
  }

  private static boolean projectIsAGitCheckout() {
    try {
      git(Path.of("").toAbsolutePath(), "rev-parse", "HEAD");
      return true;
    } catch (Exception e) {
      return false; // a source archive: the build recorded "unknown", which BuildInfo's own reading covers
    }
  }

  @Test
  void aRunStartedInsideAnotherRepositoryRecordsThisProjectsCommitAndVersion() throws Exception {
    assumeTrue(projectIsAGitCheckout(), "needs git and the project's checkout");
    String ours = git(Path.of("").toAbsolutePath(), "rev-parse", "HEAD");
    Path other = Files.createDirectories(tmp.resolve("other-repo"));
    git(other, "init", "-q");
    Files.writeString(other.resolve("notes.txt"), "someone else's project\n");
    git(other, "add", "notes.txt");
    git(other, "commit", "-q", "-m", "unrelated");
    String theirs = git(other, "rev-parse", "HEAD");

    Path data = TinyRuns.writeDataset(tmp.resolve("data"), 32, 8);
    Path run = tmp.resolve("run");
    Path log = tmp.resolve("pretrain.log");
    int code = Forked.startIn(other, log, "pretrain", "--data", data.toString(), "--out", run.toString(),
        "--steps", "1", "--batch-size", "16", "--head-hidden", "16", "--projection-dim", "8",
        "--monitor-every", "-1").waitFor();
    assertEquals(0, code, () -> readOrEmpty(log));

    JsonNode provenance = Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("provenance");
    String recorded = provenance.get("gitCommit").asText();
    assertTrue(recorded.equals(ours) || recorded.equals(ours + "-dirty"),
        "recorded " + recorded + ", this checkout is at " + ours);
    assertNotEquals(theirs, recorded.replace("-dirty", ""));
    String version = provenance.get("simclrVersion").asText();
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "a real version, got " + version);

    Path versionLog = tmp.resolve("version.log");
    assertEquals(0, Forked.startIn(other, versionLog, "--version").waitFor());
    String printed = Files.readString(versionLog);
    assertTrue(printed.contains("simclr-tf " + version + " (commit " + recorded + ")"), printed);
  }

  private static String readOrEmpty(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      return "";
    }
  }
}
