package io.simclr.metrics;

/**
 * Whether a contrastive run is collapsing, from label-free signals at each measurement: the
 * projections' effective rank below 10% of their dimension, their per-dimension spread (after L2
 * normalisation) below a fifth of a uniform spread's 1/sqrt(d), or the loss within 1% of
 * ln(2N - 1), what NT-Xent gives when nothing is learned; each at three measurements in a row, since
 * a freshly initialised network's projections start out nearly parallel and spread as it learns.
 */
public final class CollapseCheck {
  static final double RANK_FRACTION = 0.1;
  static final double STD_FRACTION = 0.2;
  static final double FLAT_LOSS = 0.01;
  static final int MEASUREMENTS = 3;

  private final int batch;
  private int lowRank;
  private int lowSpread;
  private int flat;

  /** @param batch the images per step N (2N views), which fixes the loss of learning nothing */
  public CollapseCheck(int batch) {
    this.batch = batch;
  }

  /**
   * @param rankZ effective rank of the projections
   * @param dimZ their dimension (or the sample size, if smaller)
   * @param zStd {@link Representation#meanDimensionStd} of the normalised projections
   * @param loss the training loss at this measurement
   * @return why the run looks collapsed, in a few words, or null
   */
  public String check(double rankZ, int dimZ, double zStd, double loss) {
    double chance = Math.log(2.0 * batch - 1);
    double uniform = 1 / Math.sqrt(dimZ);
    lowRank = rankZ < RANK_FRACTION * dimZ ? lowRank + 1 : 0;
    lowSpread = zStd < STD_FRACTION * uniform ? lowSpread + 1 : 0;
    flat = Math.abs(loss - chance) <= FLAT_LOSS * chance ? flat + 1 : 0;
    if (lowRank >= MEASUREMENTS) {
      return String.format("the projections' effective rank has stayed under 10%% of their %d dimensions (%.1f) "
          + "for %d measurements", dimZ, rankZ, lowRank);
    }
    if (lowSpread >= MEASUREMENTS) {
      return String.format("the normalised projections have barely varied for %d measurements (per-dimension std "
          + "%.2g, %.2g if spread evenly)", lowSpread, zStd, uniform);
    }
    if (flat >= MEASUREMENTS) {
      return String.format("the loss has stayed within 1%% of ln(2N-1) = %.3f, learning nothing, for %d measurements",
          chance, flat);
    }
    return null;
  }
}
