package io.simclr.cli;

import io.simclr.util.BuildInfo;
import picocli.CommandLine;
import org.tensorflow.TensorFlow;

final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo b = BuildInfo.current();
    return new String[] {"simclr-tf " + b.version() + " (commit " + b.describedCommit() + ")",
        "TensorFlow " + TensorFlow.version() + ", Java " + System.getProperty("java.version")};
  }
}
