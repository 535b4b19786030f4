package io.simclr.data;

import io.simclr.util.ImageShape;
import java.io.IOException;
import java.util.List;

/**
 * The images of one split by index, whether held in memory ({@link ImageSet}) or read from the
 * shards on demand ({@link SplitRecords}): what training input and feature extraction read.
 */
public interface ImageRecords {
  int size();

  /** Every image's label ({@link ExampleCodec#NO_LABEL} in an unlabelled split); callers must not modify it. */
  int[] labels();

  /** The training image shape (encoded images are cropped or resized to it). */
  ImageShape shape();

  /** Empty for an unlabelled split. */
  List<String> classNames();

  Storage storage();

  /** Raw storage: copies image {@code i}'s uint8 HWC pixels to {@code out} at {@code offset}; returns its label. */
  int pixelsInto(int i, byte[] out, int offset) throws IOException;

  /** Encoded storage: image {@code i}'s file. */
  ExampleCodec.EncodedImage encoded(int i) throws IOException;

  /** Image {@code i}'s source file name (relative to the folder prepared), or "" where none was kept. */
  default String name(int i) throws IOException {
    return "";
  }

  default int numClasses() {
    return classNames().size();
  }
}
