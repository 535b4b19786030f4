package io.simclr.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this program was built from, written into the classes at build time
 * (git-commit-id-maven-plugin: {@code io/simclr/build.properties}). Not the working directory's
 * repository: a run started inside another checkout still names this code.
 */
public record BuildInfo(String version, String commit, boolean dirty) {
  public static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "/io/simclr/build.properties";
  private static final BuildInfo CURRENT = load();

  /** The running program's build; "unknown" parts when it was built without git. */
  public static BuildInfo current() {
    return CURRENT;
  }

  /** The commit, with "-dirty" when the build had uncommitted changes. */
  public String describedCommit() {
    return dirty && !UNKNOWN.equals(commit) ? commit + "-dirty" : commit;
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource reads as an unknown build
    }
    String version = p.getProperty("git.build.version", UNKNOWN);
    String commit = p.getProperty("git.commit.id", "");
    return new BuildInfo(version, commit.matches("[0-9a-f]{40}") ? commit : UNKNOWN,
        Boolean.parseBoolean(p.getProperty("git.dirty", "false")));
  }
}
