// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Boyer-Moore-Horspool search for one fixed ASCII byte string: it looks at about one byte in
 * {@code needle.length} of a line, which matters because the reader asks on every line.
 * Immutable and thread-safe.
 */
final class KeySearch {
  private final byte[] needle;
  private final int[] shift = new int[256];
  private final int[] backShift = new int[256]; // the same, searching from the end

  KeySearch(String needle) {
    this.needle = needle.getBytes(StandardCharsets.US_ASCII);
    int m = this.needle.length;
    Arrays.fill(shift, m);
    Arrays.fill(backShift, m);
    for (int j = 0; j < m - 1; j++) {
      shift[this.needle[j] & 0xff] = m - 1 - j;
    }
    for (int j = m - 1; j > 0; j--) {
      backShift[this.needle[j] & 0xff] = j;
    }
  }

  /** The index of the last occurrence in {@code [from, to)}, or -1. */
  int lastIndexIn(byte[] b, int from, int to) {
    int m = needle.length;
    byte first = needle[0];
    for (int i = to - m; i >= from; i -= backShift[b[i] & 0xff]) {
      if (b[i] == first && Arrays.equals(b, i, i + m, needle, 0, m)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first occurrence in {@code [from, to)}, or -1. */
  int indexIn(byte[] b, int from, int to) {
    int m = needle.length;
    byte last = needle[m - 1];
    for (int i = from + m - 1; i < to; i += shift[b[i] & 0xff]) {
      if (b[i] == last && Arrays.equals(b, i - m + 1, i + 1, needle, 0, m)) {
        return i - m + 1;
      }
    }
    return -1;
  }

  int length() {
    return needle.length;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  /** <code>&#125;</code> in every byte; {@code ]} is the same byte but for bit 5 (0x20). */
  private static final long CLOSERS = 0x7DL * ONES;
  private static final long BIT_5 = 0x20L * ONES;

  /**
   * Whether {@code [from, to)} holds a <code>&#125;</code> or {@code ]}: eight bytes at a time, one
   * compare per word with bit 5 set ({@code ]} is 0x5D, <code>&#125;</code> 0x7D, and no other byte
   * becomes 0x7D).
   * Every line that the prefilter passes over pays for this after the key, so not byte by byte.
   */
  static boolean anyCloser(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = ((long) LONGS.get(b, i) | BIT_5) ^ CLOSERS;
      if (((x - ONES) & ~x & HIGHS) != 0) {
        return true; // the lowest flag is exact; any flag means one or more zero bytes
      }
    }
    for (; i < to; i++) {
      if (b[i] == '}' || b[i] == ']') {
        return true;
      }
    }
    return false;
  }
}
