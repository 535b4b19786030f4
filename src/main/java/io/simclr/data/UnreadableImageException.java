package io.simclr.data;

/** An image file that cannot be used, with the reason (the caller names the file, then skips or fails). */
public final class UnreadableImageException extends Exception {
  public UnreadableImageException(String reason) {
    super(reason);
  }
}
