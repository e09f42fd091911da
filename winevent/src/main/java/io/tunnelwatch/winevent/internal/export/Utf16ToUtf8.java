// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * UTF-16 bytes (after the BOM) read as UTF-8 bytes, a block at a time. A code unit that cannot be
 * encoded (an unpaired surrogate, a last odd byte) becomes the byte {@code 0xFF}, which is never
 * valid UTF-8: the event holding it is then rejected by the line parser as invalid UTF-8 instead of
 * being read with a silently replaced character. Not thread-safe.
 */
final class Utf16ToUtf8 extends InputStream {
  /** Never valid in UTF-8; stands for a code unit that cannot be transcoded. */
  static final int INVALID = 0xFF;

  private final InputStream in;
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

  Utf16ToUtf8(InputStream in, boolean bigEndian) {
    this.in = in;
    this.bigEndian = bigEndian;
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
        while (n < len && rawEnd - rawPos >= 2) {
          int unit = unitAt(rawPos);
          if (unit >= 0x80) {
            break;
          }
          b[off + n++] = (byte) unit;
          rawPos += 2;
        }
        if (n == len) {
          break;
        }
      }
      // Block for more input only while nothing has been produced, as InputStream.read does.
      if (n > 0 && rawEnd - rawPos < 2 && !eof && in.available() <= 0) {
        break;
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
      if (rawEnd - rawPos < 2 && !refill()) {
        if (pendingHigh >= 0) {
          pendingHigh = -1;
          staged[stagedEnd++] = (byte) INVALID;
        }
        if (rawEnd - rawPos == 1) {
          rawPos++;
          staged[stagedEnd++] = (byte) INVALID;
        }
        return stagedEnd > 0;
      }
      int unit = unitAt(rawPos);
      rawPos += 2;
      if (pendingHigh >= 0) {
        if (Character.isLowSurrogate((char) unit)) {
          int cp = Character.toCodePoint((char) pendingHigh, (char) unit);
          pendingHigh = -1;
          stage(cp);
          return true;
        }
        pendingHigh = -1;
        staged[stagedEnd++] = (byte) INVALID;
      }
      if (Character.isHighSurrogate((char) unit)) {
        pendingHigh = unit;
        if (stagedEnd > 0) {
          return true;
        }
        continue;
      }
      if (Character.isLowSurrogate((char) unit)) {
        staged[stagedEnd++] = (byte) INVALID;
        return true;
      }
      stage(unit);
      return true;
    }
  }

  private int unitAt(int i) {
    int b0 = raw[i] & 0xFF;
    int b1 = raw[i + 1] & 0xFF;
    return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
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

  /** Reads more raw bytes; false when none are left to read. */
  private boolean refill() throws IOException {
    if (eof) {
      return false;
    }
    int left = rawEnd - rawPos;
    System.arraycopy(raw, rawPos, raw, 0, left);
    rawPos = 0;
    rawEnd = left;
    while (rawEnd < 2) {
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
