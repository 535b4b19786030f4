package io.simclr.input;

/**
 * One step's input, read and decoded on the host: uint8 pixels (whole images, or cropped views
 * view-major) and the images' labels.
 */
public record HostBatch(long step, byte[] pixels, int[] labels) {}
