// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.DetectionResult;

/**
 * Decides, for each result row, whether to keep it or suppress it (false-positive tuning, the
 * search's {@code windows_devtunnels_execution_filter} macro). Runs after aggregation.
 *
 * <p>Implementations must be thread-safe. A filter that throws anything, an {@link Error} such as
 * {@link StackOverflowError}, {@link NoClassDefFoundError} or {@link OutOfMemoryError} included,
 * keeps its row; the failures are counted per filter and logged once per filter and report (see
 * {@code Detection.report}). A call that takes longer than the detection's
 * {@code slowFilterAfter} is reported while it runs. To be discovered, a filter has a public
 * no-argument constructor and is listed in
 * {@code META-INF/services/io.tunnelwatch.core.spi.DetectionFilter} (class path) or in
 * {@code provides} (module path).
 *
 * @since 0.1.0
 */
public interface DetectionFilter {
  /**
   * The filter's name in reports; by default its class name. Asked once, when the filter is added:
   * a filter whose name throws, is null or is blank is refused.
   */
  default String name() {
    return getClass().getName();
  }

  /** Keep or suppress {@code result}. */
  FilterDecision decide(DetectionResult result);
}
