package io.simclr.model;

/** Training (batch statistics, moving averages updated) or inference (moving statistics). */
public enum Mode {
  TRAINING,
  INFERENCE
}
