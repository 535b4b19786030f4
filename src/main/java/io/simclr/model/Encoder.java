package io.simclr.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The encoders on offer; the name is what the CLI and run.json use. */
public enum Encoder {
  RESNET_SMALL("resnet-small", new EncoderSpec(false, new int[] {2, 2, 2}, new int[] {32, 64, 128}, 32)),
  RESNET18("resnet18", new EncoderSpec(false, new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, 64)),
  RESNET34("resnet34", new EncoderSpec(false, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, 64)),
  RESNET50("resnet50", new EncoderSpec(true, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, 64));

  private final String label;
  private final EncoderSpec spec;

  Encoder(String label, EncoderSpec spec) {
    this.label = label;
    this.spec = spec;
  }

  public EncoderSpec spec() {
    return spec;
  }

  @JsonValue
  @Override
  public String toString() {
    return label;
  }
}
