// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Not API: what the parsing stage makes of one input record: observations and dead letters. */
public sealed interface ParseOutput {
  /** A matching event or a tick, keyed by the encoded group (empty for a tick). */
  final class Observed implements ParseOutput {
    private final Observation observation;

    Observed(Observation observation) {
      this.observation = Objects.requireNonNull(observation, "observation");
    }

    /** The observation. */
    public Observation observation() {
      return observation;
    }
  }

  /** An input record (or one of its lines) that could not be read; the reason is in the headers. */
  final class DeadLetter implements ParseOutput {
    private final byte @Nullable [] value;

    DeadLetter(byte @Nullable [] value) {
      this.value = value;
    }

    /** The original record value, unchanged, for reprocessing; null when the record had none. */
    public byte @Nullable [] value() {
      return value;
    }
  }
}
