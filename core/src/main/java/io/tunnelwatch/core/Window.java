// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A search window {@code [start, end)}: start inclusive, end exclusive.
 *
 * @param start the first instant in the window
 * @param end the first instant after the window
 * @since 0.1.0
 */
public record Window(Instant start, Instant end) implements Comparable<Window> {
  /** Validates that {@code start} is before {@code end}. */
  public Window {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("window start must be before its end but was " + start + " >= " + end);
    }
  }

  /** True when {@code start <= time < end}. */
  public boolean contains(Instant time) {
    return !time.isBefore(start) && time.isBefore(end);
  }

  @Override
  public int compareTo(Window o) {
    int c = start.compareTo(o.start);
    return c != 0 ? c : end.compareTo(o.end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
