// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.ProcessEvent;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one line: an event, a skip (out of scope) or a rejection (malformed).
 *
 * @since 0.1.0
 */
public sealed interface LineOutcome {
  /** The line is a process creation in scope. */
  static LineOutcome event(ProcessEvent event) {
    return new Parsed(event);
  }

  /** The line is valid but out of scope (another event id, provider or event type). */
  static LineOutcome skip(String reason) {
    return new Skipped(reason);
  }

  /**
   * The line is malformed.
   *
   * @param field the field at fault, or null when the line as a whole is (not well-formed XML, say)
   * @param reason what is wrong, never the raw payload
   */
  static LineOutcome reject(@Nullable String field, String reason) {
    return new Rejected(field, reason);
  }

  /**
   * An event.
   *
   * @param event the event
   */
  record Parsed(ProcessEvent event) implements LineOutcome {
    /** Validates that the event is not null. */
    public Parsed {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * A skip.
   *
   * @param reason why the line is out of scope
   */
  record Skipped(String reason) implements LineOutcome {
    /** Validates that the reason is not null. */
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A rejection.
   *
   * @param field the field at fault, or null for the line as a whole
   * @param reason what is wrong, never the raw payload
   */
  record Rejected(@Nullable String field, String reason) implements LineOutcome {
    /** Validates that the reason is not null. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
