package io.simclr.model;

/** CIFAR stem (3x3 stride-1 conv, no pooling) for small images, ImageNet stem otherwise. */
public enum Stem {
  CIFAR,
  IMAGENET;

  /** The official code's rule: the CIFAR stem for images of at most 32 px (we allow up to 64). */
  public static Stem auto(int imageSide) {
    return imageSide <= 64 ? CIFAR : IMAGENET;
  }

  public static Stem parse(String s, int imageSide) {
    return switch (s) {
      case "auto" -> auto(imageSide);
      case "cifar" -> CIFAR;
      case "imagenet" -> IMAGENET;
      default -> throw new IllegalArgumentException("unknown stem '" + s + "' (auto, cifar, imagenet)");
    };
  }
}
