// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Objects;

/**
 * How often one filter threw instead of deciding, in one report. Each of those rows was kept: a
 * broken filter must not hide a detection.
 *
 * @param filter the filter's name
 * @param rows the number of rows it failed on
 * @param error the class of the first {@link Throwable} it threw, such as {@code java.lang.StackOverflowError}
 * @since 0.1.0
 */
public record FilterFailure(String filter, int rows, String error) {
  /** Validates the parts. */
  public FilterFailure {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(error, "error");
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be positive but was " + rows);
    }
  }
}
