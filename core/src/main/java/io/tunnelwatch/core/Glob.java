// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An allowlist pattern: {@code *} stands for any run of characters (none included), every other
 * character for itself, compared after {@code toLowerCase(Locale.ROOT)} of pattern and value, one
 * UTF-16 unit at a time. Immutable and thread-safe.
 *
 * <p>Matched in time linear in pattern and value: the classic two-pointer matcher that backs up to
 * the last {@code *} is O(n·m) (a 5 KB pattern against a 1 MB command line took 5.5 s a row). Here
 * the pattern is split at its stars into a prefix, a suffix and the literal segments between; with
 * no {@code ?} or classes, the leftmost occurrence of each segment after the previous one is always
 * the best choice (any match that uses a later occurrence can use the leftmost one instead and leave
 * more text for the rest), so each segment is searched for once, from where the last one ended, with
 * Knuth–Morris–Pratt. Every value character is looked at a bounded number of times: O(n + m) time,
 * O(m) memory per pattern, no matter how the stars are placed.
 */
final class Glob {
  private final boolean hasStar;
  /** The whole pattern without stars, or the text before the first star. */
  private final String prefix;
  /** The text after the last star; empty without stars. */
  private final String suffix;
  /** The non-empty literal segments between stars, in order. */
  private final String[] segments;
  /** For each segment, the KMP failure function: the length of its longest proper border of each prefix. */
  private final int[][] borders;

  private Glob(String lowered) {
    int first = lowered.indexOf('*');
    hasStar = first >= 0;
    if (!hasStar) {
      prefix = lowered;
      suffix = "";
      segments = new String[0];
      borders = new int[0][];
      return;
    }
    int last = lowered.lastIndexOf('*');
    prefix = lowered.substring(0, first);
    suffix = lowered.substring(last + 1);
    List<String> middle = new ArrayList<>();
    int from = first + 1;
    while (from <= last) {
      int star = lowered.indexOf('*', from);
      if (star > from) {
        middle.add(lowered.substring(from, star));
      }
      from = star + 1;
    }
    segments = middle.toArray(new String[0]);
    borders = new int[segments.length][];
    for (int i = 0; i < segments.length; i++) {
      borders[i] = borders(segments[i]);
    }
  }

  /** Compiles {@code pattern}. */
  static Glob compile(String pattern) {
    return new Glob(pattern.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code value} matches, lowering its case first. */
  boolean matches(String value) {
    return matchesLowered(value.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code lowered}, already {@code toLowerCase(Locale.ROOT)}, matches. */
  boolean matchesLowered(String lowered) {
    if (!hasStar) {
      return lowered.equals(prefix);
    }
    int end = lowered.length() - suffix.length();
    if (end < prefix.length() || !lowered.startsWith(prefix) || !lowered.startsWith(suffix, end)) {
      return false;
    }
    int at = prefix.length();
    for (int i = 0; i < segments.length; i++) {
      int found = indexOf(lowered, at, end, segments[i], borders[i]);
      if (found < 0) {
        return false;
      }
      at = found + segments[i].length();
    }
    return true;
  }

  private static int[] borders(String s) {
    int[] b = new int[s.length()];
    int k = 0;
    for (int i = 1; i < s.length(); i++) {
      while (k > 0 && s.charAt(i) != s.charAt(k)) {
        k = b[k - 1];
      }
      if (s.charAt(i) == s.charAt(k)) {
        k++;
      }
      b[i] = k;
    }
    return b;
  }

  /** The first index of {@code segment} wholly inside {@code text[from, to)}, or -1; KMP, so O(to - from). */
  private static int indexOf(String text, int from, int to, String segment, int[] border) {
    int k = 0;
    int length = segment.length();
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      while (k > 0 && c != segment.charAt(k)) {
        k = border[k - 1];
      }
      if (c == segment.charAt(k)) {
        k++;
        if (k == length) {
          return i - length + 1;
        }
      }
    }
    return -1;
  }
}
