// SPDX-License-Identifier: Apache-2.0
/**
 * Continuous detection on Kafka Streams: {@link io.tunnelwatch.kafka.DetectionTopology} puts the
 * detection into any Kafka Streams application, {@link io.tunnelwatch.kafka.DetectionApp} runs it
 * on its own, and {@link io.tunnelwatch.kafka.TunnelwatchSerdes} serialises the core's group keys
 * and aggregates for state stores and topics.
 */
@NullMarked
package io.tunnelwatch.kafka;

import org.jspecify.annotations.NullMarked;
