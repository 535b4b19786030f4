package io.simclr.augment;

import static io.simclr.util.InvalidConfigException.check;

/**
 * SimCLR augmentation settings (see shared notes): crop, flip, colour jitter, grayscale, blur.
 * Defaults follow the official CIFAR recipe; blur defaults on only above 32 px. Start from
 * {@link #defaults} and change fields with the {@code with...} methods.
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

  /** Images of at most this side get no blur by default (the official CIFAR recipe). */
  public static final int NO_BLUR_MAX_SIDE = 32;

  public static AugmentConfig defaults(int imageSide) {
    return new AugmentConfig(0.08, 1.0, 3.0 / 4, 4.0 / 3, 0.5, 0.8, 0.5, 0.2,
        defaultBlurProb(imageSide), 0.1, 2.0);
  }

  /** 0.5 above {@link #NO_BLUR_MAX_SIDE} px, else 0. */
  public static double defaultBlurProb(int imageSide) {
    return imageSide > NO_BLUR_MAX_SIDE ? 0.5 : 0.0;
  }

  /** No augmentation at all: full crop, nothing random applied; views equal the input. */
  public static AugmentConfig identity() {
    return new AugmentConfig(1.0, 1.0, 1.0, 1.0, 0, 0, 0, 0, 0, 0.1, 2.0);
  }

  public AugmentConfig withCropMinArea(double v) {
    return new AugmentConfig(v, cropMaxArea, aspectMin, aspectMax, flipProb, jitterProb, jitterStrength, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withCropMaxArea(double v) {
    return new AugmentConfig(cropMinArea, v, aspectMin, aspectMax, flipProb, jitterProb, jitterStrength, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withAspectMin(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, v, aspectMax, flipProb, jitterProb, jitterStrength, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withAspectMax(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, v, flipProb, jitterProb, jitterStrength, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withFlipProb(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, v, jitterProb, jitterStrength, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withJitterProb(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, flipProb, v, jitterStrength, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withJitterStrength(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, flipProb, jitterProb, v, grayProb, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withGrayProb(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, flipProb, jitterProb, jitterStrength, v, blurProb, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withBlurProb(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, flipProb, jitterProb, jitterStrength, grayProb, v, blurSigmaMin, blurSigmaMax);
  }

  public AugmentConfig withBlurSigmaMin(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, flipProb, jitterProb, jitterStrength, grayProb, blurProb, v, blurSigmaMax);
  }

  public AugmentConfig withBlurSigmaMax(double v) {
    return new AugmentConfig(cropMinArea, cropMaxArea, aspectMin, aspectMax, flipProb, jitterProb, jitterStrength, grayProb, blurProb, blurSigmaMin, v);
  }

  public void validate() {
    check(cropMinArea > 0 && cropMinArea <= cropMaxArea && cropMaxArea <= 1,
        "--crop-min-area and --crop-max-area must satisfy 0 < min <= max <= 1, got " + cropMinArea + ", " + cropMaxArea);
    check(aspectMin > 0 && aspectMin <= aspectMax,
        "--aspect-min and --aspect-max must satisfy 0 < min <= max, got " + aspectMin + ", " + aspectMax);
    probability("--flip-prob", flipProb);
    probability("--jitter-prob", jitterProb);
    probability("--gray-prob", grayProb);
    probability("--blur-prob", blurProb);
    check(jitterStrength >= 0 && Double.isFinite(jitterStrength), "--jitter-strength must be >= 0, got " + jitterStrength);
    check(blurSigmaMin > 0 && blurSigmaMin <= blurSigmaMax,
        "--blur-sigma-min and --blur-sigma-max must satisfy 0 < min <= max, got " + blurSigmaMin + ", " + blurSigmaMax);
  }

  private static void probability(String flag, double p) {
    check(p >= 0 && p <= 1, flag + " must be a probability in [0, 1], got " + p);
  }
}
