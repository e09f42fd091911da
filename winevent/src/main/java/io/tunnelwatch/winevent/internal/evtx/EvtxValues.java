// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import java.nio.charset.Charset;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Binary XML typed values (MS-EVEN6 2.2.18) rendered as Windows renders them in its XML: strings
 * verbatim (trailing NULs dropped), integers in decimal, HexInt32/64 and size_t as {@code 0x} +
 * lower-case hex without padding, GUIDs as {@code {UPPER}}, SIDs as {@code S-1-...}, FILETIME and
 * SYSTEMTIME as UTC {@code yyyy-MM-ddTHH:mm:ss.fffffffZ}, binary as upper-case hex, booleans as
 * {@code true}/{@code false}, reals as Java's shortest round-trip decimal. Stateless.
 */
final class EvtxValues {
  static final int NULL = 0x00;
  static final int STRING = 0x01;
  static final int ANSI_STRING = 0x02;
  static final int INT8 = 0x03;
  static final int UINT8 = 0x04;
  static final int INT16 = 0x05;
  static final int UINT16 = 0x06;
  static final int INT32 = 0x07;
  static final int UINT32 = 0x08;
  static final int INT64 = 0x09;
  static final int UINT64 = 0x0a;
  static final int REAL32 = 0x0b;
  static final int REAL64 = 0x0c;
  static final int BOOL = 0x0d;
  static final int BINARY = 0x0e;
  static final int GUID = 0x0f;
  static final int SIZE_T = 0x10;
  static final int FILETIME = 0x11;
  static final int SYSTEMTIME = 0x12;
  static final int SID = 0x13;
  static final int HEX_INT32 = 0x14;
  static final int HEX_INT64 = 0x15;
  static final int BINXML = 0x21;
  static final int ARRAY = 0x80;

  /** Windows-1252, the code page of ANSI strings in the files this reads (as libevtx's default). */
  static final Charset ANSI = Charset.forName("windows-1252");

  /** 100 ns ticks between 1601-01-01 and 1970-01-01. */
  static final long FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000L;

  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private EvtxValues() {}

  static int u8(byte[] b, int p) {
    return b[p] & 0xff;
  }

  static int u16(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
  }

  static int i32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16
        | (b[p + 3] & 0xff) << 24;
  }

  static long u32(byte[] b, int p) {
    return i32(b, p) & 0xffff_ffffL;
  }

  static long i64(byte[] b, int p) {
    return (i32(b, p) & 0xffff_ffffL) | ((long) i32(b, p + 4)) << 32;
  }

  /**
   * The fixed size of one value of a scalar type, or -1 when the size is variable (strings, binary,
   * SID, BinXml) or the type is unknown.
   */
  static int fixedSize(int type) {
    return switch (type) {
      case INT8, UINT8 -> 1;
      case INT16, UINT16 -> 2;
      case INT32, UINT32, REAL32, BOOL, HEX_INT32 -> 4;
      case INT64, UINT64, REAL64, FILETIME, HEX_INT64 -> 8;
      case GUID, SYSTEMTIME -> 16;
      default -> -1;
    };
  }

  /** True when {@code type} is a scalar this class renders (arrays and BinXml excluded). */
  static boolean isScalar(int type) {
    return type == STRING
        || type == ANSI_STRING
        || type == BINARY
        || type == SIZE_T
        || type == SID
        || fixedSize(type) > 0;
  }

  /**
   * Renders the scalar value of {@code type} at {@code b[p..p+size)}; null for the Null type.
   *
   * @throws EvtxException when the size does not fit the type or the type is not a scalar
   */
  static @Nullable String render(byte[] b, int p, int size, int type) {
    int fixed = fixedSize(type);
    if (fixed > 0 && size != fixed) {
      throw new EvtxException(p, "value", "value of type 0x" + Integer.toHexString(type)
          + " has size " + size + ", expected " + fixed);
    }
    return switch (type) {
      case NULL -> null;
      case STRING -> utf16(b, p, size);
      case ANSI_STRING -> ansi(b, p, size);
      case INT8 -> Integer.toString(b[p]);
      case UINT8 -> Integer.toString(u8(b, p));
      case INT16 -> Integer.toString((short) u16(b, p));
      case UINT16 -> Integer.toString(u16(b, p));
      case INT32 -> Integer.toString(i32(b, p));
      case UINT32 -> Long.toString(u32(b, p));
      case INT64 -> Long.toString(i64(b, p));
      case UINT64 -> Long.toUnsignedString(i64(b, p));
      case REAL32 -> Float.toString(Float.intBitsToFloat(i32(b, p)));
      case REAL64 -> Double.toString(Double.longBitsToDouble(i64(b, p)));
      case BOOL -> i32(b, p) != 0 ? "true" : "false";
      case BINARY -> hexUpper(b, p, size);
      case GUID -> guid(b, p);
      case SIZE_T -> sizeT(b, p, size);
      case FILETIME -> filetime(i64(b, p));
      case SYSTEMTIME -> systemtime(b, p);
      case SID -> sid(b, p, size);
      case HEX_INT32 -> "0x" + Integer.toHexString(i32(b, p));
      case HEX_INT64 -> "0x" + Long.toHexString(i64(b, p));
      default -> throw new EvtxException(p, "value", "value type 0x" + Integer.toHexString(type)
          + " is not a renderable scalar");
    };
  }

  /** UTF-16LE text of {@code size} bytes, trailing NULs dropped (an odd last byte is ignored). */
  static String utf16(byte[] b, int p, int size) {
    int end = p + (size & ~1);
    while (end > p && b[end - 1] == 0 && b[end - 2] == 0) {
      end -= 2;
    }
    return text(b, p, (end - p) / 2);
  }

  /**
   * {@code chars} UTF-16LE units from {@code b[p]} as a string, unpaired surrogates kept as they
   * are (Windows keeps them too; a charset decoder would replace them, and is several times
   * slower).
   */
  static String text(byte[] b, int p, int chars) {
    if (chars == 0) {
      return "";
    }
    char[] c = new char[chars];
    for (int i = 0; i < chars; i++) {
      c[i] = (char) ((b[p + 2 * i] & 0xff) | (b[p + 2 * i + 1] & 0xff) << 8);
    }
    return new String(c);
  }

  /** Windows-1252 text of {@code size} bytes, trailing NULs dropped. */
  static String ansi(byte[] b, int p, int size) {
    int end = p + size;
    while (end > p && b[end - 1] == 0) {
      end--;
    }
    return new String(b, p, end - p, ANSI);
  }

  static String hexUpper(byte[] b, int p, int size) {
    char[] out = new char[size * 2];
    for (int i = 0; i < size; i++) {
      int v = b[p + i] & 0xff;
      out[2 * i] = HEX_UPPER[v >>> 4];
      out[2 * i + 1] = HEX_UPPER[v & 0xf];
    }
    return new String(out);
  }

  /** {@code {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}, the first three groups little-endian. */
  static String guid(byte[] b, int p) {
    StringBuilder s = new StringBuilder(38).append('{');
    hexLe(s, b, p, 4);
    s.append('-');
    hexLe(s, b, p + 4, 2);
    s.append('-');
    hexLe(s, b, p + 6, 2);
    s.append('-');
    hexBe(s, b, p + 8, 2);
    s.append('-');
    hexBe(s, b, p + 10, 6);
    return s.append('}').toString();
  }

  private static void hexLe(StringBuilder s, byte[] b, int p, int n) {
    for (int i = n - 1; i >= 0; i--) {
      int v = b[p + i] & 0xff;
      s.append(HEX_UPPER[v >>> 4]).append(HEX_UPPER[v & 0xf]);
    }
  }

  private static void hexBe(StringBuilder s, byte[] b, int p, int n) {
    for (int i = 0; i < n; i++) {
      int v = b[p + i] & 0xff;
      s.append(HEX_UPPER[v >>> 4]).append(HEX_UPPER[v & 0xf]);
    }
  }

  /** size_t is a HexInt32 or HexInt64 by its size, as Windows renders it. */
  static String sizeT(byte[] b, int p, int size) {
    if (size == 4) {
      return "0x" + Integer.toHexString(i32(b, p));
    }
    if (size == 8) {
      return "0x" + Long.toHexString(i64(b, p));
    }
    throw new EvtxException(p, "value", "size_t value has size " + size + ", expected 4 or 8");
  }

  /** {@code S-1-5-21-...}: revision, authority (48-bit big-endian), sub-authorities. */
  static String sid(byte[] b, int p, int size) {
    if (size < 8) {
      throw new EvtxException(p, "value", "SID of " + size + " bytes is shorter than 8");
    }
    int count = u8(b, p + 1);
    if (8 + 4 * count > size) {
      throw new EvtxException(p, "value", "SID with " + count + " sub-authorities exceeds its "
          + size + " bytes");
    }
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = authority << 8 | (b[p + i] & 0xff);
    }
    StringBuilder s = new StringBuilder(64).append("S-").append(u8(b, p)).append('-');
    if (authority >= 1L << 32) {
      // What ConvertSidToStringSid writes for a large identifier authority.
      String hex = Long.toHexString(authority).toUpperCase(java.util.Locale.ROOT);
      s.append("0x").append("000000000000", hex.length(), 12).append(hex);
    } else {
      s.append(authority);
    }
    for (int i = 0; i < count; i++) {
      s.append('-').append(u32(b, p + 8 + 4 * i));
    }
    return s.toString();
  }

  /** The SID's size in bytes from its sub-authority count, for arrays of SIDs. */
  static int sidSize(byte[] b, int p) {
    return 8 + 4 * u8(b, p + 1);
  }

  /** A FILETIME (unsigned 100 ns ticks since 1601) as {@code yyyy-MM-ddTHH:mm:ss.fffffffZ}. */
  static String filetime(long ticks) {
    long seconds = Long.divideUnsigned(ticks, 10_000_000L) - FILETIME_EPOCH_OFFSET / 10_000_000L;
    int fraction = (int) Long.remainderUnsigned(ticks, 10_000_000L);
    long days = Math.floorDiv(seconds, 86_400L);
    int secOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(days);
    return time(date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
        secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, fraction);
  }

  /** A SYSTEMTIME (eight 16-bit fields, milliseconds last) as {@code ...ss.fffffffZ}. */
  static String systemtime(byte[] b, int p) {
    return time(u16(b, p), u16(b, p + 2), u16(b, p + 6), u16(b, p + 8), u16(b, p + 10),
        u16(b, p + 12), u16(b, p + 14) * 10_000);
  }

  private static String time(int year, int month, int day, int hour, int minute, int second,
      int fraction7) {
    StringBuilder s = new StringBuilder(28);
    pad(s, year, 4).append('-');
    pad(s, month, 2).append('-');
    pad(s, day, 2).append('T');
    pad(s, hour, 2).append(':');
    pad(s, minute, 2).append(':');
    pad(s, second, 2).append('.');
    return pad(s, fraction7, 7).append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder s, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      s.append('0');
    }
    return s.append(digits);
  }

  /** The FILETIME as an instant, for the record header's written time. */
  static java.time.Instant instant(long ticks) {
    long seconds = Long.divideUnsigned(ticks, 10_000_000L) - FILETIME_EPOCH_OFFSET / 10_000_000L;
    long nanos = Long.remainderUnsigned(ticks, 10_000_000L) * 100;
    return java.time.Instant.ofEpochSecond(seconds, nanos);
  }
}
