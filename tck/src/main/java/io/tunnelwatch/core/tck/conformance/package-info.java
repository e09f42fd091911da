// SPDX-License-Identifier: Apache-2.0
/**
 * The detection conformance kit: shared cases of events, in arrival order with time advances, and
 * their expected results, that every evaluation engine (the batch API, the in-process streaming API,
 * a stream-processing topology) must reproduce. An engine's test extends
 * {@link io.tunnelwatch.core.tck.conformance.DetectionConformanceKit}; results are compared in the
 * canonical form of {@link io.tunnelwatch.core.tck.conformance.CanonicalRow}.
 */
@NullMarked
package io.tunnelwatch.core.tck.conformance;

import org.jspecify.annotations.NullMarked;
