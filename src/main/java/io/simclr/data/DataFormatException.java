package io.simclr.data;

import java.nio.file.Path;

/** Bad input data: the message always names the offending file and the problem. */
public class DataFormatException extends RuntimeException {
  public DataFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public DataFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }

  private DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The same problem, with advice after it. */
  public DataFormatException withAdvice(String advice) {
    return new DataFormatException(getMessage() + "; " + advice, this);
  }
}
