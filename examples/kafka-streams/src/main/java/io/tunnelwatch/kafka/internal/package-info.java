// SPDX-License-Identifier: Apache-2.0
/**
 * Not API: the processors, record encodings and JSON rendering behind
 * {@link io.tunnelwatch.kafka.DetectionTopology}. May change in any release.
 */
@NullMarked
package io.tunnelwatch.kafka.internal;

import org.jspecify.annotations.NullMarked;
