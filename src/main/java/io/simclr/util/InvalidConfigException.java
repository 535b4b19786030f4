package io.simclr.util;

/**
 * A configuration value that cannot work (out of range, contradicting the data, differing from
 * a resumed run's recipe). Raised before anything is written; the CLI reports it as bad usage
 * (exit 2).
 */
public final class InvalidConfigException extends IllegalArgumentException {
  public InvalidConfigException(String message) {
    super(message);
  }

  /** Throws with {@code message} unless {@code ok}. */
  public static void check(boolean ok, String message) {
    if (!ok) {
      throw new InvalidConfigException(message);
    }
  }
}
