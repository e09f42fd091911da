// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hand-written split of {@link NewProcess#process} agrees with the add-on's regular expression. */
@ExtendWith(Seeds.class)
final class NewProcessProperties {
  private static final Pattern SPLIT = Pattern.compile("(\"[^\"]+\"|\\S+)\\s*(.*)");
  private static final char[] ALPHABET = {
    'a', 'b', 'x', '.', '\\', '/', '"', '"', ' ', ' ', '\t', '\n', '\r', '\u000B', '\f', '\u0085', '\u2028', '\u00A0', '-',
  };

  @Test
  void process_equalsTheRegexDefinition_onRandomCommandLines() {
    long seed = Seeds.take();
    Random random = new Random(seed);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      String commandLine = b.toString();
      String name = random.nextBoolean() ? "C:\\x\\a.exe" : "C:\\Program Files\\a.exe";
      assertThat(NewProcess.process(commandLine, name)).as("seed " + seed + ", command line [" + commandLine + "]")
          .isEqualTo(byRegex(commandLine, name));
    }
  }

  /** DESIGN.md section 3 written with the regular expression itself. */
  private static String byRegex(String commandLine, String name) {
    if (commandLine.isEmpty() || commandLine.equals("-")) {
      return name;
    }
    Matcher m = SPLIT.matcher(commandLine);
    if (!m.find()) {
      return name;
    }
    if (m.group(1).contains("\\")) {
      return commandLine;
    }
    String quoted = Pattern.compile("\\s").matcher(name).find() ? "\"" + name + "\"" : name;
    return m.group(2).isEmpty() ? quoted : quoted + " " + m.group(2);
  }
}
