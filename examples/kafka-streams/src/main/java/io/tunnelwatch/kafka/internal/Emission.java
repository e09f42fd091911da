// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.util.Objects;

/**
 * Not API: one output record of the windowing stage, before it is routed to its topic.
 *
 * @param kind which topic it goes to
 * @param json the record value
 */
public record Emission(Kind kind, String json) {
  /** Validates that no part is null. */
  public Emission {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(json, "json");
  }

  /** The output topics. */
  public enum Kind {
    /** A kept result row. */
    RESULT,
    /** The risk event of a kept row. */
    RISK,
    /** A row a filter suppressed. */
    SUPPRESSED
  }
}
