// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A filter that has been deciding one row for longer than {@link Detection.Builder#slowFilterAfter}
 * allows, reported while it still runs.
 *
 * @param filter the filter's name
 * @param dest the row's {@code dest}
 * @param elapsed how long the call has been running, at least (measured by sampling)
 * @since 0.1.0
 */
public record SlowFilter(String filter, String dest, Duration elapsed) {
  /** Validates that no part is null. */
  public SlowFilter {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(dest, "dest");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** "filter X has been deciding one row of dest Y for 12 s". */
  @Override
  public String toString() {
    long ms = elapsed.toMillis();
    String time = ms >= 10_000 ? ms / 1000 + " s" : ms >= 1000 ? ms / 1000 + "." + ms % 1000 / 100 + " s" : ms + " ms";
    return "filter " + filter + " has been deciding one row of dest " + dest + " for " + time;
  }
}
