package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.DetectionResult;

/**
 * Decides, for each result row, whether to keep it or suppress it (false-positive tuning, the
 * search's {@code windows_devtunnels_execution_filter} macro). Runs after aggregation.
 *
 * <p>Implementations must be thread-safe. A filter that throws is logged and its row is kept. To be
 * discovered, a filter has a public no-argument constructor and is listed in
 * {@code META-INF/services/io.tunnelwatch.core.spi.DetectionFilter} (class path) or in
 * {@code provides} (module path).
 *
 * @since 0.1.0
 */
public interface DetectionFilter {
  /** The filter's name in reports; by default its class name. */
  default String name() {
    return getClass().getName();
  }

  /** Keep or suppress {@code result}. */
  FilterDecision decide(DetectionResult result);
}
