// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import org.jspecify.annotations.Nullable;

/**
 * Not API: the encoding of a text input, told by its byte order mark or, without one, by where the
 * zero bytes of its head fall. The line formats read UTF-8; an input in UTF-16 or UTF-32 (what
 * PowerShell's {@code >} and {@code Out-File} and Event Viewer write) is transcoded to UTF-8 first
 * ({@link Utf8Transcoding}); an input with the mark of another Unicode encoding is refused with its
 * name, rather than rejected line by line.
 */
public enum TextEncoding {
  /** UTF-16, little-endian. */
  UTF_16LE("UTF-16LE", 2, false, true),
  /** UTF-16, big-endian. */
  UTF_16BE("UTF-16BE", 2, true, true),
  /** UTF-32, little-endian. */
  UTF_32LE("UTF-32LE", 4, false, true),
  /** UTF-32, big-endian. */
  UTF_32BE("UTF-32BE", 4, true, true),
  /** UTF-7 (its mark {@code 2B 2F 76} and one of {@code 38 39 2B 2F}). */
  UTF_7("UTF-7", 1, false, false),
  /** UTF-1 (its mark {@code F7 64 4C}). */
  UTF_1("UTF-1", 1, false, false),
  /** UTF-EBCDIC (its mark {@code DD 73 66 73}). */
  UTF_EBCDIC("UTF-EBCDIC", 1, false, false),
  /** SCSU, the Standard Compression Scheme for Unicode (its mark {@code 0E FE FF}). */
  SCSU("SCSU", 1, false, false),
  /** BOCU-1 (its mark {@code FB EE 28}). */
  BOCU_1("BOCU-1", 1, false, false),
  /** GB 18030 (its mark {@code 84 31 95 33}). */
  GB_18030("GB18030", 1, false, false);

  /** How many bytes of the head {@link #byZeros} looks at for zero bytes, at most. */
  private static final int SAMPLE = 4096;

  private final String displayName;
  private final int unitBytes;
  private final boolean bigEndian;
  private final boolean readable;

  TextEncoding(String displayName, int unitBytes, boolean bigEndian, boolean readable) {
    this.displayName = displayName;
    this.unitBytes = unitBytes;
    this.bigEndian = bigEndian;
    this.readable = readable;
  }

  /** The encoding's usual name, for messages. */
  public String displayName() {
    return displayName;
  }

  /** The bytes of one code unit: 2 or 4 for the encodings that are read. */
  int unitBytes() {
    return unitBytes;
  }

  /** Whether the most significant byte of a code unit comes first. */
  boolean bigEndian() {
    return bigEndian;
  }

  /** Whether the input can be read (transcoded to UTF-8). */
  public boolean readable() {
    return readable;
  }

  /**
   * The encoding whose byte order mark starts {@code head[0, length)}, or null (none, or UTF-8's:
   * the line reader drops that itself).
   */
  public static @Nullable TextEncoding byMark(byte[] head, int length) {
    if (starts(head, length, 0xFF, 0xFE, 0x00, 0x00)) {
      return UTF_32LE; // before UTF-16LE, whose mark begins the same
    }
    if (starts(head, length, 0x00, 0x00, 0xFE, 0xFF)) {
      return UTF_32BE;
    }
    if (starts(head, length, 0xFF, 0xFE)) {
      return UTF_16LE;
    }
    if (starts(head, length, 0xFE, 0xFF)) {
      return UTF_16BE;
    }
    if (starts(head, length, 0x2B, 0x2F, 0x76)
        && length > 3 && (head[3] == 0x38 || head[3] == 0x39 || head[3] == 0x2B || head[3] == 0x2F)) {
      return UTF_7;
    }
    if (starts(head, length, 0xF7, 0x64, 0x4C)) {
      return UTF_1;
    }
    if (starts(head, length, 0xDD, 0x73, 0x66, 0x73)) {
      return UTF_EBCDIC;
    }
    if (starts(head, length, 0x0E, 0xFE, 0xFF)) {
      return SCSU;
    }
    if (starts(head, length, 0xFB, 0xEE, 0x28)) {
      return BOCU_1;
    }
    if (starts(head, length, 0x84, 0x31, 0x95, 0x33)) {
      return GB_18030;
    }
    return null;
  }

  /**
   * UTF-16 or UTF-32 without a mark, told by the zero bytes of the head, or null. Text of the event
   * formats is mostly ASCII, so in UTF-16LE nearly every odd byte is zero and no even byte is; in
   * UTF-32LE the top two bytes of every unit are zero (mirrored for big-endian). UTF-8 text has no
   * zero byte at all, and binary containers (EVTX) have zeros at every position, so neither looks
   * like either pattern: "nearly every" is at least three in four, "hardly any" under one in four.
   */
  public static @Nullable TextEncoding byZeros(byte[] head, int length) {
    int n = Math.min(length, SAMPLE) & ~3;
    if (n == 0 || !anyZero(head, n)) {
      return null; // UTF-8 text: asked of every Kafka record (EventReader.read(byte[])), so no count
    }
    int[] zeros = new int[4];
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        zeros[i & 3]++;
      }
    }
    int units = n / 4; // code units of 4 bytes in the sample; 2 * units of 2 bytes
    if (zeros[3] == units && mostly(zeros[2], units) && hardly(zeros[0], units)) {
      return UTF_32LE;
    }
    if (zeros[0] == units && mostly(zeros[1], units) && hardly(zeros[3], units)) {
      return UTF_32BE;
    }
    if (mostly(zeros[1] + zeros[3], 2 * units) && hardly(zeros[0] + zeros[2], 2 * units)) {
      return UTF_16LE;
    }
    if (mostly(zeros[0] + zeros[2], 2 * units) && hardly(zeros[1] + zeros[3], 2 * units)) {
      return UTF_16BE;
    }
    return null;
  }

  /** Whether {@code b[0, n)} holds a zero byte, eight bytes at a time. */
  private static boolean anyZero(byte[] b, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if (Swar.eq(Swar.word(b, i), 0) != 0) {
        return true;
      }
    }
    for (; i < n; i++) {
      if (b[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** The length of this encoding's byte order mark. */
  public int markLength() {
    return this == UTF_32LE || this == UTF_32BE ? 4 : 2;
  }

  private static boolean mostly(int count, int of) {
    return 4L * count >= 3L * of;
  }

  private static boolean hardly(int count, int of) {
    return 4L * count < of;
  }

  private static boolean starts(byte[] head, int length, int... mark) {
    if (length < mark.length) {
      return false;
    }
    for (int i = 0; i < mark.length; i++) {
      if ((head[i] & 0xff) != mark[i]) {
        return false;
      }
    }
    return true;
  }
}
