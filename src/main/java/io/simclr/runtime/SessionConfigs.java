package io.simclr.runtime;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * Session options shared by training, export and evaluation. Note: TensorFlow creates its CPU
 * intra-op and inter-op thread pools once per process, sized by the first session; thread counts
 * given to later sessions are ignored. So the first session of a process must carry the counts.
 */
public final class SessionConfigs {
  private SessionConfigs() {}

  /** 0 threads means TensorFlow's default (all cores). No soft placement: a pinned op fails loudly. */
  public static ConfigProto threads(int intraOp, int interOp) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOp)
        .setInterOpParallelismThreads(interOp)
        .setAllowSoftPlacement(false)
        .build();
  }

  /**
   * {@code config} without Grappler's arithmetic optimizer, which regroups chains of additions into
   * one AddN: that kernel adds its terms starting from whichever term's buffer it can reuse at run
   * time, so sums of 3 or more terms (gradients of several towers) would round differently from
   * run to run.
   */
  public static ConfigProto withFixedSumOrder(ConfigProto config) {
    var graph = config.getGraphOptions().toBuilder();
    graph.setRewriteOptions(graph.getRewriteOptions().toBuilder().setArithmeticOptimization(RewriterConfig.Toggle.OFF));
    return config.toBuilder().setGraphOptions(graph).build();
  }

  /** {@code config} plus TensorFlow's own log of every op's device (on stderr). */
  public static ConfigProto withPlacementLog(ConfigProto config) {
    return config.toBuilder().setLogDevicePlacement(true).build();
  }
}
