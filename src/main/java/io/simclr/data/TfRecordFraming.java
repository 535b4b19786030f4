package io.simclr.data;

import com.google.common.hash.Hashing;

/** TFRecord's framing checksum: CRC32C, masked so that CRCs of CRCs stay well distributed. */
final class TfRecordFraming {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecordFraming() {}

  static int maskedCrc32c(byte[] data, int offset, int length) {
    int crc = Hashing.crc32c().hashBytes(data, offset, length).asInt();
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}
