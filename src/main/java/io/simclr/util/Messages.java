package io.simclr.util;

/** Error text for one-line reports. */
public final class Messages {
  private Messages() {}

  /** The first line of a throwable's message (TensorFlow's messages run to many lines). */
  public static String firstLine(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.lines().findFirst().orElse(msg);
  }
}
