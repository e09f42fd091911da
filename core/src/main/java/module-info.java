// SPDX-License-Identifier: Apache-2.0
/**
 * The tunnelwatch detection: the {@code ProcessEvent} model, the predicate, the {@code tstats}-like
 * aggregation, the Splunk schedule, result rows, risk events, and the SPIs for result filters and
 * event formats.
 */
module io.tunnelwatch.core {
  requires transitive org.jspecify;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports io.tunnelwatch.core;
  exports io.tunnelwatch.core.spi;
  exports io.tunnelwatch.core.ocsf;

  uses io.tunnelwatch.core.spi.DetectionFilter;
  uses io.tunnelwatch.core.spi.EventFormat;
}
