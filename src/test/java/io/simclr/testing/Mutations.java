package io.simclr.testing;

import java.util.Arrays;
import java.util.Random;

/** Random damage to a valid file: bit flips, truncation, inserted junk or a zeroed range. */
public final class Mutations {
  private final Random random;

  public Mutations(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public byte[] mutate(byte[] valid) {
    byte[] b = valid.clone();
    if (b.length == 0) {
      return new byte[] {(byte) random.nextInt()};
    }
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
      }
      case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      case 2 -> {
        int at = random.nextInt(b.length);
        byte[] extra = new byte[1 + random.nextInt(64)];
        random.nextBytes(extra);
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        b = out;
      }
      default -> {
        int at = random.nextInt(b.length);
        Arrays.fill(b, at, Math.min(b.length, at + 1 + random.nextInt(32)), (byte) 0);
      }
    }
    return b;
  }
}
