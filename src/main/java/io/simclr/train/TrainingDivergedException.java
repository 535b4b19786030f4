package io.simclr.train;

/** The loss became NaN or infinite; the last good checkpoint is kept. */
public final class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(String message) {
    super(message);
  }
}
