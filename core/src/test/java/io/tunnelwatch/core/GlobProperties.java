// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Glob} agrees with the backtracking matcher it replaced, over seeded random patterns and values. */
@ExtendWith(Seeds.class)
final class GlobProperties {
  /** Few letters so that matches are common; both cases; characters whose lower case is special; a surrogate pair. */
  private static final String[] UNITS = {"a", "b", "A", "B", "-", "İ", "i", "Σ", "σ", "ς", "\uD83D\uDE00", "\uD83D"};

  private static String random(Random r, int maxUnits, boolean stars) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(maxUnits + 1);
    for (int i = 0; i < n; i++) {
      b.append(stars && r.nextInt(4) == 0 ? "*" : UNITS[r.nextInt(UNITS.length)]);
    }
    return b.toString();
  }

  /** A value made from the pattern, each star replaced by random text: mostly a match. */
  private static String instance(Random r, String pattern) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      b.append(c == '*' ? random(r, 3, false) : String.valueOf(c));
    }
    return b.toString();
  }

  @Test
  void agreesWithTheBacktrackingMatcher() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    int matches = 0;
    int misses = 0;
    for (int i = 0; i < 20_000; i++) {
      String pattern = random(r, 8, true);
      String value = r.nextBoolean() ? instance(r, pattern) : random(r, 12, false);
      boolean expected = BacktrackingGlob.matches(pattern, value);
      assertThat(Glob.compile(pattern).matches(value))
          .as("seed %d, pattern '%s', value '%s'", seed, pattern, value)
          .isEqualTo(expected);
      if (expected) {
        matches++;
      } else {
        misses++;
      }
    }
    assertThat(matches).as("seed %d: matching cases", seed).isGreaterThan(1000);
    assertThat(misses).as("seed %d: other cases", seed).isGreaterThan(1000);
  }
}
