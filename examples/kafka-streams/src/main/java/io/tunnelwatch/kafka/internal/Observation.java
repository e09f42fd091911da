// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * Not API: what the parsing stage sends to the windowing stage, keyed by the encoded group: a
 * matching event's exact time, or a tick that only carries event time forward (its key is empty).
 *
 * @param time the event time, with its full precision
 * @param tick true for a tick
 */
public record Observation(Instant time, boolean tick) {
  /** Validates that the time is not null. */
  public Observation {
    Objects.requireNonNull(time, "time");
  }
}
