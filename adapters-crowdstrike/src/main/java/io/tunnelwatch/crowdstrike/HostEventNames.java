package io.tunnelwatch.crowdstrike;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A quick test, eight bytes at a time, that rules out most lines as host-name events before the
 * exact check: {@code AidMaster} and {@code ManagedAssets} both hold a {@code d} followed by an upper
 * case {@code M} or {@code A}, a pair that ProcessRollup2 lines rarely have. The reader asks on every
 * line the prefilter passes over. Stateless.
 */
final class HostEventNames {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWER_D = 'd' * ONES;
  private static final long UPPER_M = 'M' * ONES;
  private static final long UPPER_A = 'A' * ONES;

  private HostEventNames() {}

  /** False only when no {@code dM} or {@code dA} occurs in {@code [from, to)}. */
  static boolean mayOccur(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 7) { // a word covers pairs starting at its bytes 0 to 6
      long w = (long) LONGS.get(b, i);
      if ((eq(w, LOWER_D) & ((eq(w, UPPER_M) | eq(w, UPPER_A)) >>> 8)) != 0) {
        return true;
      }
    }
    for (; i + 1 < to; i++) {
      if (b[i] == 'd' && (b[i + 1] == 'M' || b[i + 1] == 'A')) {
        return true;
      }
    }
    return false;
  }

  /** The high bit of every byte of {@code w} equal to the byte in {@code pattern}, and maybe above one. */
  private static long eq(long w, long pattern) {
    long x = w ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }
}
