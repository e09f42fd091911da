// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Locale;
import java.util.Objects;

/**
 * The search's condition: {@code original_file_name} equals one name OR {@code process_name} equals
 * another, whole value, case-insensitive under {@link Locale#ROOT}. A value: two predicates are
 * equal when their names are equal ignoring case. Immutable and thread-safe.
 *
 * @param originalFileName the original file name matched, kept in lower case
 * @param processName the process name matched, kept in lower case
 * @since 0.1.0
 */
public record DetectionPredicate(String originalFileName, String processName) {
  /** The default original file name: devtunnel.exe is a .NET single-file app built as devtunnel.dll. */
  public static final String DEFAULT_ORIGINAL_FILE_NAME = "devtunnel.dll";

  /** The default process name. */
  public static final String DEFAULT_PROCESS_NAME = "devtunnel.exe";

  private static final DetectionPredicate DEFAULTS =
      new DetectionPredicate(DEFAULT_ORIGINAL_FILE_NAME, DEFAULT_PROCESS_NAME);

  /**
   * Validates the names and keeps them in lower case under {@link Locale#ROOT}.
   *
   * @throws IllegalArgumentException when a name is blank
   */
  public DetectionPredicate {
    originalFileName = requireName("originalFileName", originalFileName).toLowerCase(Locale.ROOT);
    processName = requireName("processName", processName).toLowerCase(Locale.ROOT);
  }

  /** The published detection: {@code devtunnel.dll} or {@code devtunnel.exe}. */
  public static DetectionPredicate defaults() {
    return DEFAULTS;
  }

  /**
   * A predicate with other names.
   *
   * @throws IllegalArgumentException when a name is blank
   */
  public static DetectionPredicate of(String originalFileName, String processName) {
    return new DetectionPredicate(originalFileName, processName);
  }

  private static String requireName(String parameter, String value) {
    Objects.requireNonNull(value, parameter);
    if (value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be blank but was '" + value + "'");
    }
    return value;
  }

  /** Which clauses {@code event} satisfies. */
  public Match test(ProcessEvent event) {
    return test(event.groupKey());
  }

  /**
   * Which clauses the events of a result group satisfied (the group holds both names), to say
   * why a row matched.
   *
   * @since 0.1.0
   */
  public Match test(GroupKey key) {
    return Match.of(
        equalsFolded(key.get(Field.ORIGINAL_FILE_NAME), originalFileName),
        equalsFolded(key.get(Field.PROCESS_NAME), processName));
  }

  /** True when {@code value} lower-cased under {@link Locale#ROOT} equals {@code lowerName}. */
  private static boolean equalsFolded(String value, String lowerName) {
    // Lower-casing can change a string's length (U+0130), so compare the folded value, but only
    // after the cheap checks that reject almost every event without allocating.
    if (value.length() != lowerName.length() && !hasNonAscii(value)) {
      return false;
    }
    if (value.equals(lowerName)) {
      return true;
    }
    return value.toLowerCase(Locale.ROOT).equals(lowerName);
  }

  private static boolean hasNonAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "original_file_name=\"" + originalFileName + "\" OR process_name=\"" + processName + "\"";
  }
}
