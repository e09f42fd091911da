// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Objects;

/**
 * Where an event came from: its format, its source (a file name, a topic, {@code -} for standard
 * input) and its 1-based line number there. Used in error messages and explanations.
 *
 * @param format the id of the event format that read it, such as {@code sysmon}
 * @param source the name of the input
 * @param line the 1-based line number, or 0 when the event did not come from a line
 * @since 0.1.0
 */
public record EventOrigin(String format, String source, long line) {
  /** Validates the parts. */
  public EventOrigin {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(source, "source");
    if (line < 0) {
      throw new IllegalArgumentException("line must be 0 or positive but was " + line);
    }
  }

  @Override
  public String toString() {
    return source + ":" + line + " (" + format + ")";
  }
}
