// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Objects;

/**
 * A result row that a filter suppressed, with the filter and its reason: nothing disappears silently.
 *
 * @param result the suppressed row
 * @param filter the name of the filter that suppressed it
 * @param reason why, in the filter's words
 * @since 0.1.0
 */
public record Suppression(DetectionResult result, String filter, String reason) {
  /** Validates that no part is null. */
  public Suppression {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(reason, "reason");
  }
}
