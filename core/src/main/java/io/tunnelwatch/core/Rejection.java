// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A line that could not be read: where it is, which field was at fault, and why.
 *
 * @param source the input's name
 * @param line the 1-based line number; for a record of a container, its number (the line where an
 *     exported event starts, an EVTX record's id; 0 when unknown)
 * @param format the id of the format that tried to read it, or null when no format claimed it
 * @param field the field at fault, or null when the line as a whole is
 * @param reason what is wrong, never the raw payload
 * @since 0.1.0
 */
public record Rejection(String source, long line, @Nullable String format, @Nullable String field, String reason) {
  /** Validates the parts. */
  public Rejection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    // Line 0: a problem of the input as a whole (an EVTX file header, a chunk), not of one line.
    return source + (line == 0 ? "" : ":" + line) + ": " + (format == null ? "" : format + ": ")
        + (field == null ? "" : "field " + field + ": ") + reason;
  }
}
