package io.simclr.augment;

/**
 * SimCLR augmentation settings (see shared notes): crop, flip, colour jitter, grayscale, blur.
 * Defaults follow the official CIFAR recipe; blur defaults on only above 32 px.
 */
public record AugmentConfig(
    double cropMinArea,
    double cropMaxArea,
    double aspectMin,
    double aspectMax,
    double flipProb,
    double jitterProb,
    double jitterStrength,
    double grayProb,
    double blurProb,
    double blurSigmaMin,
    double blurSigmaMax) {

  public static AugmentConfig defaults(int imageSide) {
    return new AugmentConfig(0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.5, 0.2,
        imageSide > 32 ? 0.5 : 0.0, 0.1, 2.0);
  }

  /** No augmentation at all: full crop, nothing random applied; views equal the input. */
  public static AugmentConfig identity() {
    return new AugmentConfig(1.0, 1.0, 1.0, 1.0, 0, 0, 0, 0, 0, 0.1, 2.0);
  }

  public void validate() {
    check(cropMinArea > 0 && cropMinArea <= cropMaxArea && cropMaxArea <= 1, "crop area must satisfy 0 < min <= max <= 1");
    check(aspectMin > 0 && aspectMin <= aspectMax, "aspect ratio must satisfy 0 < min <= max");
    for (double p : new double[] {flipProb, jitterProb, grayProb, blurProb}) {
      check(p >= 0 && p <= 1, "probabilities must be in [0, 1]");
    }
    check(jitterStrength >= 0, "jitter strength must be >= 0");
    check(blurSigmaMin > 0 && blurSigmaMin <= blurSigmaMax, "blur sigma must satisfy 0 < min <= max");
  }

  private static void check(boolean ok, String msg) {
    if (!ok) {
      throw new IllegalArgumentException("augmentation: " + msg);
    }
  }
}
