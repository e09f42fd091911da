// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.spi.LineClaim;
import java.nio.charset.StandardCharsets;

/**
 * Not API: the cheap claim of a Windows event line by its provider, without parsing. Looks at the
 * {@code Name} attribute of the first {@code <Provider} element only: {@code System} comes before
 * {@code EventData}, so a command line that mentions another provider cannot misroute the line.
 * Immutable and thread-safe.
 */
public final class ProviderClaim {
  private static final byte[] PROVIDER = "<Provider".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAME = "Name".getBytes(StandardCharsets.US_ASCII);

  private final byte[] provider;

  /** A claim for events of {@code providerName} (ASCII, compared byte for byte). */
  public ProviderClaim(String providerName) {
    this.provider = providerName.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * {@link LineClaim#FORMAT} when the first {@code Provider} is named as this claim's provider,
   * {@link LineClaim#FAMILY} for any other line whose first non-blank byte is {@code <} (it may be a
   * Windows event of another provider: parse it to skip or reject it), {@link LineClaim#NO} otherwise.
   */
  public LineClaim claim(byte[] line, int offset, int length) {
    if (!recognises(line, offset, length)) {
      return LineClaim.NO;
    }
    int end = offset + length;
    int p = indexOfElement(line, offset, end);
    if (p < 0) {
      return LineClaim.FAMILY;
    }
    return nameMatches(line, p + PROVIDER.length, end) ? LineClaim.FORMAT : LineClaim.FAMILY;
  }

  /** Whether {@link #claim} says more than {@link LineClaim#NO}: the first non-blank byte is {@code <}. */
  public boolean recognises(byte[] line, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end && isSpace(line[i])) {
      i++;
    }
    return i < end && line[i] == '<';
  }

  /** Where the first {@code <Provider} start tag begins (followed by a space, {@code /} or {@code >}), or -1. */
  private static int indexOfElement(byte[] b, int from, int end) {
    outer:
    for (int i = from; i <= end - PROVIDER.length - 1; i++) {
      for (int k = 0; k < PROVIDER.length; k++) {
        if (b[i + k] != PROVIDER[k]) {
          continue outer;
        }
      }
      byte next = b[i + PROVIDER.length];
      if (isSpace(next) || next == '/' || next == '>') {
        return i;
      }
    }
    return -1;
  }

  /** Whether the attributes of the tag that starts at {@code i} hold {@code Name} with this provider. */
  private boolean nameMatches(byte[] b, int i, int end) {
    while (i < end) {
      while (i < end && isSpace(b[i])) {
        i++;
      }
      if (i >= end || b[i] == '/' || b[i] == '>') {
        return false;
      }
      int nameStart = i;
      while (i < end && b[i] != '=' && !isSpace(b[i]) && b[i] != '>' && b[i] != '/') {
        i++;
      }
      int nameEnd = i;
      while (i < end && isSpace(b[i])) {
        i++;
      }
      if (i >= end || b[i] != '=') {
        return false;
      }
      i++;
      while (i < end && isSpace(b[i])) {
        i++;
      }
      if (i >= end || (b[i] != '\'' && b[i] != '"')) {
        return false;
      }
      byte quote = b[i++];
      int valueStart = i;
      while (i < end && b[i] != quote) {
        i++;
      }
      if (i >= end) {
        return false;
      }
      if (equals(b, nameStart, nameEnd, NAME)) {
        return equals(b, valueStart, i, provider);
      }
      i++;
    }
    return false;
  }

  private static boolean equals(byte[] b, int from, int to, byte[] expected) {
    if (to - from != expected.length) {
      return false;
    }
    for (int k = 0; k < expected.length; k++) {
      if (b[from + k] != expected[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
