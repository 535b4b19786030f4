package io.simclr.data;

import com.fasterxml.jackson.annotation.JsonValue;

/** Encoded image formats, told apart by their first bytes rather than by file name. */
public enum ImageFormat {
  JPEG("jpeg"),
  PNG("png"),
  GIF("gif"),
  BMP("bmp"),
  /** Anything else Commons Imaging may read (TIFF, ...): re-encoded before it is stored. */
  OTHER("other");

  private final String label;

  ImageFormat(String label) {
    this.label = label;
  }

  /** The format of an image file from its magic number. */
  public static ImageFormat sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return JPEG;
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return PNG;
    }
    if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return GIF;
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return BMP;
    }
    return OTHER;
  }

  /** The formats a stored record may hold (what TensorFlow's DecodeImage reads). */
  public static ImageFormat parse(String s) {
    for (ImageFormat f : values()) {
      if (f != OTHER && f.label.equals(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown image/format '" + s + "'");
  }

  @JsonValue
  @Override
  public String toString() {
    return label;
  }
}
