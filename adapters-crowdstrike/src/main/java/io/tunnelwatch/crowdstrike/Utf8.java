// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), as
 * RFC 8259 requires of JSON text exchanged between systems.
 */
final class Utf8 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** The offset from {@code off} of the first byte that starts an invalid sequence, or -1. */
  static int firstInvalid(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        // ASCII, as nearly all of an FDR line: skip eight bytes at a time while they all are
        i++;
        while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
          i += 8;
        }
        continue;
      }
      c &= 0xFF;
      int more;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        more = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        more = 2;
        lo = c == 0xE0 ? 0xA0 : lo; // overlong
        hi = c == 0xED ? 0x9F : hi; // surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        more = 3;
        lo = c == 0xF0 ? 0x90 : lo; // overlong
        hi = c == 0xF4 ? 0x8F : hi; // above U+10FFFF
      } else {
        return i - off;
      }
      if (i + more >= end) {
        return i - off;
      }
      int second = b[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return i - off;
      }
      for (int k = 2; k <= more; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return i - off;
        }
      }
      i += more + 1;
    }
    return -1;
  }
}
