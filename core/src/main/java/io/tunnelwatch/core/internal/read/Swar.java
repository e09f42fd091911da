// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time ("SIMD within a register"): the reader's line splitting and
 * the prefilter's scans run over every byte of the input, so they must cost well under a cycle per
 * byte. A flagged byte is exact for the lowest match in a word; bytes above it may be flagged
 * falsely, so callers re-check candidates one by one.
 */
final class Swar {
  static final long ONES = 0x0101010101010101L;
  static final long HIGHS = 0x8080808080808080L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Swar() {}

  /** The eight bytes at {@code i}, the first in the lowest bits. */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** {@code c} in every byte. */
  static long broadcast(int c) {
    return (c & 0xffL) * ONES;
  }

  /** The high bit of each byte of {@code w} equal to the byte in {@code pattern} (see class note). */
  static long eq(long w, long pattern) {
    long x = w ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  /**
   * The index in its word of the lowest byte whose high bit {@code m} (not 0) flags: a multiply
   * instead of {@link Long#numberOfTrailingZeros}, which C1 (the launcher's JIT) calls, not inlines.
   */
  static int lowestFlagged(long m) {
    return (int) ((((m & -m) >>> 7) * 0x0001020304050607L) >>> 56);
  }

  /** 14 in every byte: CR (13) and LF (10) are among the bytes below it. */
  static final long BELOW_14 = broadcast(14);

  /**
   * The high bit of each byte of {@code w} below the byte in {@code bound} (see class note; none when
   * {@code bound} is 0, which lets a caller turn the test off without a branch).
   */
  static long below(long w, long bound) {
    return (w - bound) & ~w & HIGHS;
  }

  /**
   * The lowest flag of {@code ends} (from {@link #below below(w, BELOW_14)} of the word at {@code i})
   * that is on a CR or LF, or 0: the first line end in that word.
   */
  static long firstLineEnd(byte[] b, int i, long ends) {
    for (long m = ends; m != 0; m &= m - 1) {
      int k = i + lowestFlagged(m);
      if (b[k] == '\n' || b[k] == '\r') {
        return m & -m;
      }
    }
    return 0;
  }

  /**
   * The first index of a line end, CR or LF, in {@code [from, to)}, or -1. One load and one
   * "less than 14" test per word (four operations, where comparing with LF and CR took eleven):
   * every byte below 14 is flagged, the lowest exactly and others possibly falsely, so each flag is
   * checked against CR and LF; a tab or other control byte only costs that check.
   */
  static int indexOfLineEnd(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = word(b, i);
      for (long m = (w - BELOW_14) & ~w & HIGHS; m != 0; m &= m - 1) {
        int k = i + lowestFlagged(m);
        if (b[k] == '\n' || b[k] == '\r') {
          return k;
        }
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i;
      }
    }
    return -1;
  }

  /** The first index of {@code c} in {@code [from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = broadcast(c);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long m = eq(word(b, i), pattern);
      if (m != 0) {
        return i + (Long.numberOfTrailingZeros(m) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
