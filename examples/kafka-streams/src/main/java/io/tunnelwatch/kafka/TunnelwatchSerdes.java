// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.GroupStats;
import io.tunnelwatch.kafka.internal.Codec;
import io.tunnelwatch.kafka.internal.Serialization;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka serdes for the core's aggregation state, for applications that keep it in their own stores
 * or topics. The encodings are compact, big-endian and keep times to the nanosecond; a malformed
 * value fails with a {@link org.apache.kafka.common.errors.SerializationException}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class TunnelwatchSerdes {
  private TunnelwatchSerdes() {}

  /** The 20 values of a {@link GroupKey}, each as its UTF-8 length and bytes. */
  public static Serde<GroupKey> groupKey() {
    return Serialization.serde(Codec::group, b -> Codec.group(b, 0));
  }

  /**
   * A {@link GroupStats}: count, first time and last time (32 bytes), then the origins of the first
   * and last events when known; 32-byte values written without origins still read.
   */
  public static Serde<GroupStats> groupStats() {
    return Serialization.serde(Codec::stats, Codec::stats);
  }
}
