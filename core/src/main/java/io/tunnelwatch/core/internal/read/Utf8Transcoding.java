// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Not API: UTF-16 or UTF-32 bytes (after the mark) read as UTF-8 bytes, a block at a time, so that
 * the line reader and the containers see the UTF-8 they read. A code unit that has no UTF-8 (an
 * unpaired surrogate, a UTF-32 value above U+10FFFF, a last incomplete unit) becomes the byte
 * {@code 0xFF}, which is never valid UTF-8: the line holding it is rejected by its parser, as a line
 * of invalid UTF-8 is, instead of being read with a silently replaced character. Returns what it has
 * rather than blocking for more once it has produced a byte, so a pipe is read as it comes. Not
 * thread-safe.
 */
public final class Utf8Transcoding extends InputStream {
  /** Never valid in UTF-8; stands for a code unit that cannot be transcoded. */
  static final int INVALID = 0xFF;

  private final InputStream in;
  private final int unit;
  private final boolean bigEndian;
  private final byte[] raw = new byte[16 * 1024];
  private int rawPos;
  private int rawEnd;
  private boolean eof;
  private int pendingHigh = -1;
  // One code point's UTF-8 bytes, plus an INVALID for a high surrogate left unpaired before it.
  private final byte[] staged = new byte[5];
  private int stagedPos;
  private int stagedEnd;

  /** Reads {@code in}, positioned after the mark if it has one, as UTF-8 from {@code encoding}. */
  public Utf8Transcoding(InputStream in, TextEncoding encoding) {
    if (!encoding.readable()) {
      throw new IllegalArgumentException("cannot transcode " + encoding.displayName());
    }
    this.in = Objects.requireNonNull(in, "in");
    this.unit = encoding.unitBytes();
    this.bigEndian = encoding.bigEndian();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (stagedPos < stagedEnd) {
        int k = Math.min(stagedEnd - stagedPos, len - n);
        System.arraycopy(staged, stagedPos, b, off + n, k);
        stagedPos += k;
        n += k;
        continue;
      }
      if (pendingHigh < 0) {
        // The common case, ASCII markup and text, without staging.
        while (n < len && rawEnd - rawPos >= unit) {
          int cp = unitAt(rawPos);
          if ((cp & ~0x7F) != 0) {
            break; // not ASCII (a UTF-32 unit above 0x7FFFFFFF is negative)
          }
          b[off + n++] = (byte) cp;
          rawPos += unit;
        }
        if (n == len) {
          break;
        }
      }
      if (n > 0 && rawEnd - rawPos < unit) {
        break; // return what there is rather than block on a pipe for more
      }
      if (!stageNext()) {
        break;
      }
    }
    return n == 0 ? -1 : n;
  }

  /** Transcodes the next code point into {@link #staged}; false at the end of the input. */
  private boolean stageNext() throws IOException {
    stagedPos = 0;
    stagedEnd = 0;
    while (true) {
      if (rawEnd - rawPos < unit && !refill()) {
        if (pendingHigh >= 0) {
          pendingHigh = -1;
          staged[stagedEnd++] = (byte) INVALID;
        }
        if (rawEnd > rawPos) {
          rawPos = rawEnd; // a last incomplete unit
          staged[stagedEnd++] = (byte) INVALID;
        }
        return stagedEnd > 0;
      }
      int cp = unitAt(rawPos);
      rawPos += unit;
      if (pendingHigh >= 0) {
        if (cp <= 0xFFFF && Character.isLowSurrogate((char) cp) && unit == 2) {
          int pair = Character.toCodePoint((char) pendingHigh, (char) cp);
          pendingHigh = -1;
          stage(pair);
          return true;
        }
        pendingHigh = -1;
        staged[stagedEnd++] = (byte) INVALID;
      }
      if (unit == 2 && Character.isHighSurrogate((char) cp)) {
        pendingHigh = cp;
        if (stagedEnd > 0) {
          return true;
        }
        continue;
      }
      if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp <= 0xFFFF && Character.isSurrogate((char) cp))) {
        staged[stagedEnd++] = (byte) INVALID;
        return true;
      }
      stage(cp);
      return true;
    }
  }

  /** The code unit at {@code i}; a UTF-32 unit above {@code 0x7FFFFFFF} is negative. */
  private int unitAt(int i) {
    if (unit == 2) {
      int b0 = raw[i] & 0xFF;
      int b1 = raw[i + 1] & 0xFF;
      return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int b = raw[bigEndian ? i + k : i + 3 - k] & 0xFF;
      v = (v << 8) | b;
    }
    return v;
  }

  private void stage(int cp) {
    if (cp < 0x80) {
      staged[stagedEnd++] = (byte) cp;
    } else if (cp < 0x800) {
      staged[stagedEnd++] = (byte) (0xC0 | (cp >> 6));
      staged[stagedEnd++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      staged[stagedEnd++] = (byte) (0xE0 | (cp >> 12));
      staged[stagedEnd++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      staged[stagedEnd++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      staged[stagedEnd++] = (byte) (0xF0 | (cp >> 18));
      staged[stagedEnd++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      staged[stagedEnd++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      staged[stagedEnd++] = (byte) (0x80 | (cp & 0x3F));
    }
  }

  /** Reads more raw bytes until a whole unit is there; false when none is left to read. */
  private boolean refill() throws IOException {
    if (eof) {
      return false;
    }
    int left = rawEnd - rawPos;
    System.arraycopy(raw, rawPos, raw, 0, left);
    rawPos = 0;
    rawEnd = left;
    while (rawEnd < unit) {
      int n = in.read(raw, rawEnd, raw.length - rawEnd);
      if (n < 0) {
        eof = true;
        return false;
      }
      rawEnd += n;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
