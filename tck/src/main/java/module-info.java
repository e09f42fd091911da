// SPDX-License-Identifier: Apache-2.0
/**
 * The tunnelwatch compatibility kits: JUnit 5 test classes that an event format
 * ({@link io.tunnelwatch.core.tck.EventFormatCompatibilityKit}) or an evaluation engine
 * ({@link io.tunnelwatch.core.tck.conformance.DetectionConformanceKit}) extends in its own tests.
 */
module io.tunnelwatch.tck {
  requires transitive io.tunnelwatch.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires static org.jspecify;

  exports io.tunnelwatch.core.tck;
  exports io.tunnelwatch.core.tck.conformance;
}
