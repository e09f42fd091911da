// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The 4688 values that need more than a copy (DESIGN.md 2.3, 2.4 and section 3): {@code process}
 * from the command line and the new process name, hexadecimal process ids, and the integrity level
 * from the mandatory label.
 */
final class NewProcess {
  private NewProcess() {}

  /**
   * The CIM {@code process}: the command line split as the Windows add-on does,
   * {@code ("[^"]+"|\S+)\s*(.*)} (Java regex semantics); when the first token holds a {@code \} the
   * command line verbatim, else the new process name (in quotes when it holds white space), a space
   * and the arguments, or the (quoted) name alone when there are none. Without a command line (or
   * one of white space only) the new process name; without a new process name the command line.
   */
  static @Nullable String process(@Nullable String commandLine, @Nullable String newProcessName) {
    if (commandLine == null || isMissing(commandLine)) {
      return newProcessName;
    }
    int n = commandLine.length();
    int start = 0;
    while (start < n && isSpace(commandLine.charAt(start))) {
      start++;
    }
    if (start == n) {
      return newProcessName; // no token: the regex does not match
    }
    if (newProcessName == null || isMissing(newProcessName)) {
      return commandLine;
    }
    int tokenEnd = tokenEnd(commandLine, start);
    int backslash = commandLine.indexOf('\\', start);
    if (backslash >= 0 && backslash < tokenEnd) {
      return commandLine;
    }
    int argsStart = tokenEnd;
    while (argsStart < n && isSpace(commandLine.charAt(argsStart))) {
      argsStart++;
    }
    int argsEnd = argsStart;
    while (argsEnd < n && !isLineTerminator(commandLine.charAt(argsEnd))) {
      argsEnd++;
    }
    String name = hasSpace(newProcessName) ? '"' + newProcessName + '"' : newProcessName;
    return argsStart == argsEnd ? name : name + ' ' + commandLine.substring(argsStart, argsEnd);
  }

  /** Where the first token that starts at {@code start} (a non-space) ends: a quoted run, else non-spaces. */
  private static int tokenEnd(String s, int start) {
    if (s.charAt(start) == '"') {
      int close = s.indexOf('"', start + 1);
      if (close > start + 1) {
        return close + 1; // "[^"]+" needs one character or more between the quotes
      }
    }
    int i = start;
    while (i < s.length() && !isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * A hexadecimal process id in lower case without leading zeros ({@code 0x00000F84} is
   * {@code 0xf84}, {@code 0x0000} is {@code 0x0}); a decimal one, as forms that converted it write it
   * (Elastic's {@code process.pid}), in the same hexadecimal ({@code 3972} is {@code 0xf84},
   * DESIGN.md section 4); any other value verbatim.
   */
  static @Nullable String hexId(@Nullable String id) {
    if (id != null && isDecimal(id)) {
      return "0x" + Long.toHexString(Long.parseLong(id));
    }
    if (id == null || id.length() < 3 || id.charAt(0) != '0' || (id.charAt(1) != 'x' && id.charAt(1) != 'X')) {
      return id;
    }
    int first = -1;
    for (int i = 2; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return id;
      }
      if (first < 0 && c != '0') {
        first = i;
      }
    }
    return first < 0 ? "0x0" : "0x" + id.substring(first).toLowerCase(Locale.ROOT);
  }

  /**
   * The integrity level a {@code MandatoryLabel} denotes, as a SID ({@code S-1-16-12288}) or a name
   * ({@code Mandatory Label\High Mandatory Level}), any case; an unrecognised label verbatim.
   */
  static @Nullable String integrityLevel(@Nullable String label) {
    if (label == null) {
      return null;
    }
    String l = label.substring(label.lastIndexOf('\\') + 1).toLowerCase(Locale.ROOT);
    return switch (l) {
      case "s-1-16-0", "untrusted mandatory level" -> "untrusted";
      case "s-1-16-4096", "low mandatory level" -> "low";
      case "s-1-16-8192", "medium mandatory level" -> "medium";
      case "s-1-16-8448", "medium plus mandatory level" -> "medium_plus";
      case "s-1-16-12288", "high mandatory level" -> "high";
      case "s-1-16-16384", "system mandatory level" -> "system";
      case "s-1-16-20480", "protected process mandatory level" -> "protected";
      default -> label;
    };
  }

  /** One to 18 decimal digits: a number that fits a long and is not {@code 0x…}. */
  private static boolean isDecimal(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isMissing(String value) {
    return value.isEmpty() || value.equals("-");
  }

  private static boolean hasSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isSpace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Java regex {@code \s}: space, tab, LF, VT, FF, CR. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** What Java regex {@code .} does not match (without DOTALL or UNIX_LINES). */
  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
