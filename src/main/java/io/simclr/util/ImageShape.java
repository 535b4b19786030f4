package io.simclr.util;

import com.google.common.base.Preconditions;

/** Height, width and channel count of every image in a dataset. */
public record ImageShape(int height, int width, int channels) {
  public ImageShape {
    Preconditions.checkArgument(height > 0 && width > 0, "image side must be positive");
    Preconditions.checkArgument(channels == 1 || channels == 3, "channels must be 1 or 3");
  }

  public int pixelsPerImage() {
    return height * width * channels;
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
