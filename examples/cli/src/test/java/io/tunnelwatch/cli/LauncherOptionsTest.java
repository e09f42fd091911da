// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher's list of the options that make every line be parsed (for which it keeps the JIT's
 * optimising tier) is the table's: an option added to {@link CliOption} with
 * {@code parsesEveryLine()} and not to the launcher, or the reverse, fails here.
 */
final class LauncherOptionsTest {
  private static final Pattern LIST = Pattern.compile("(?m)^parse_every_line='([^']*)'$");

  @Test
  void launchersList_isTheTables() throws IOException {
    String launcher = Files.readString(Path.of("tunnelwatch"));
    Matcher m = LIST.matcher(launcher);
    assertThat(m.find()).as("the launcher's parse_every_line='...' line").isTrue();
    assertThat(List.of(m.group(1).split(" "))).containsExactlyInAnyOrderElementsOf(CliOption.parsingEveryLine());
    assertThat(m.find()).as("one list").isFalse();
  }

  @Test
  void theTablesList_isNotEmpty() {
    // the launcher's comment names them; an empty table would make the check above vacuous
    assertThat(CliOption.parsingEveryLine()).containsExactly("--schedule", "--coverage", "--strict", "--no-prefilter");
  }
}
