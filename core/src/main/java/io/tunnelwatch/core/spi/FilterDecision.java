// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A filter's verdict on a row: keep it, or suppress it with a reason. Immutable.
 *
 * @since 0.1.0
 */
public final class FilterDecision {
  private static final FilterDecision KEEP = new FilterDecision(null);

  private final @Nullable String reason;

  private FilterDecision(@Nullable String reason) {
    this.reason = reason;
  }

  /** Keep the row. */
  public static FilterDecision keep() {
    return KEEP;
  }

  /**
   * Suppress the row.
   *
   * @throws IllegalArgumentException when {@code reason} is blank: a suppression must say why
   */
  public static FilterDecision suppress(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a suppression needs a reason but it was blank");
    }
    return new FilterDecision(reason);
  }

  /** True when the row is suppressed. */
  public boolean suppressed() {
    return reason != null;
  }

  /** Why the row is suppressed; empty when it is kept. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public String toString() {
    return reason == null ? "keep" : "suppress: " + reason;
  }
}
