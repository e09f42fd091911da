// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Locale;

/**
 * The oracle for {@link Glob}: the allowlist matcher as it was until issue 12, item 12, the classic
 * two-pointer match that backs up to the last {@code *}. Right but O(n·m) in the worst case.
 */
final class BacktrackingGlob {
  private BacktrackingGlob() {}

  static boolean matches(String pattern, String value) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String v = value.toLowerCase(Locale.ROOT);
    int pi = 0;
    int vi = 0;
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (pi < p.length() && p.charAt(pi) == v.charAt(vi)) {
        pi++;
        vi++;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
