// SPDX-License-Identifier: Apache-2.0
/**
 * JMH benchmarks of tunnelwatch and the synthetic corpus they read. Not API; run as described in
 * {@code BENCHMARKS.md}.
 */
@NullMarked
package io.tunnelwatch.benchmarks;

import org.jspecify.annotations.NullMarked;
