// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class GlobTest {
  private static boolean glob(String pattern, String value) {
    return Glob.compile(pattern).matches(value);
  }

  @Test
  void star_standsForAnyRun_anywhere() {
    assertThat(glob("*", "")).isTrue();
    assertThat(glob("**", "x")).isTrue();
    assertThat(glob("a*b*c", "aXXbYYc")).isTrue();
    assertThat(glob("a*b*c", "aXXbYY")).isFalse();
    assertThat(glob("*.EXE", "c:\\x\\devtunnel.exe")).isTrue();
    assertThat(glob("dev", "devtunnel")).isFalse();
    assertThat(glob("", "")).isTrue();
    assertThat(glob("", "x")).isFalse();
    assertThat(glob("ab*ba", "aba")).as("prefix and suffix may not overlap").isFalse();
    assertThat(glob("ab*ba", "abba")).isTrue();
    assertThat(glob("*aab*", "aaab")).as("a failed partial match restarts inside itself").isTrue();
    assertThat(glob("*" + "a*".repeat(20) + "b", "a".repeat(60))).isFalse();
  }

  @Test
  void case_isFoldedUnderLocaleRoot_onWholeStrings() {
    assertThat(glob("DEV-*", "dev-laptop")).isTrue();
    // Final sigma lowers by context: the whole value is lowered, then compared, as before.
    assertThat(glob("*ς", "ΟΔΟΣ")).isEqualTo(BacktrackingGlob.matches("*ς", "ΟΔΟΣ")).isTrue();
    // Dotted capital I lowers to two units; '*' may end between them, as before.
    assertThat(glob("i*", "İ")).isEqualTo(BacktrackingGlob.matches("i*", "İ")).isTrue();
  }

  @Test
  void aLongPatternAgainstAMegabyteValue_isLinear() {
    // Issue 12, item 12: 5.5 s a row with the backtracking matcher (BacktrackingGlob); milliseconds
    // now (AllowlistBenchmark). The generous limit only catches a return to quadratic time: four rows
    // would take over 20 s then.
    String value = "A".repeat(1 << 20);
    String pattern = "*" + "a".repeat(5 << 10) + "b*";
    String matching = "*" + "a".repeat(5 << 10) + "*";
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 4; i++) {
        assertThat(glob(pattern, value)).isFalse();
        assertThat(glob(matching, value)).isTrue();
      }
    });
  }
}
