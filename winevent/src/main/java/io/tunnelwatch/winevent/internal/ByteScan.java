// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Not API: byte searches for the EVTX chunk filter and for the containers' recognition, which runs
 * on every input and, through {@code EventReader.read(byte[], …)}, on every Kafka record: eight
 * bytes at a time ("SIMD within a register") or by Horspool's skips, where a byte-by-byte loop cost
 * a few microseconds per kilobyte-long record (BENCHMARKS.md, "Where the time goes under the driver").
 *
 * <p>{@link #eq} flags the lowest matching byte of a word exactly and may flag bytes above it
 * falsely, so callers check every flagged byte. Stateless and thread-safe.
 */
public final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private ByteScan() {}

  /** The eight bytes at {@code i}, the first in the lowest bits. */
  public static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** {@code c} (ASCII) in every byte of a word. */
  public static long broadcast(char c) {
    return ONES * c;
  }

  /** The high bit of each byte of {@code w} equal to that byte of {@code pattern} (see the class note). */
  public static long eq(long w, long pattern) {
    long x = w ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  /** The index in its word of the lowest byte that {@code flags} (not 0) flags. */
  public static int lowest(long flags) {
    return Long.numberOfTrailingZeros(flags) >>> 3;
  }

  /** The index of the first {@code c} (ASCII) in {@code b[from, to)}, or -1. */
  public static int indexOf(byte[] b, int from, int to, char c) {
    long pattern = broadcast(c);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long found = eq(word(b, i), pattern);
      if (found != 0) {
        return i + lowest(found);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A fixed byte string searched for with Horspool's skips from the end of the range: about one
   * byte in {@code needle.length} is looked at, and a key that JSON writers put late in an object
   * (CrowdStrike's sorted keys) is found after a few. Immutable and thread-safe.
   */
  public static final class Needle {
    private final byte[] needle;
    private final int[] skip = new int[256]; // how far the window's start may move back past a byte

    /** A search for {@code needle}'s ASCII bytes (at least one). */
    public Needle(String needle) {
      this.needle = needle.getBytes(StandardCharsets.US_ASCII);
      int m = this.needle.length;
      if (m == 0) {
        throw new IllegalArgumentException("needle must not be empty");
      }
      Arrays.fill(skip, m);
      for (int j = m - 1; j > 0; j--) {
        skip[this.needle[j] & 0xff] = j;
      }
    }

    /** Whether {@code b[from, to)} holds the needle anywhere. */
    public boolean in(byte[] b, int from, int to) {
      int m = needle.length;
      byte first = needle[0];
      for (int i = to - m; i >= from; i -= skip[b[i] & 0xff]) {
        if (b[i] == first && Arrays.equals(b, i, i + m, needle, 0, m)) {
          return true;
        }
      }
      return false;
    }
  }
}
