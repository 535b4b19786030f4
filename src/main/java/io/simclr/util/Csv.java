package io.simclr.util;

/** CSV fields as RFC 4180 writes them. */
public final class Csv {
  private Csv() {}

  /** The field in double quotes, inner quotes doubled. */
  public static String quote(String field) {
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
