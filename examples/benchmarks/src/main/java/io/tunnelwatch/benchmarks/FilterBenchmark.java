// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionAggregate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.spi.FilterDecision;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The filter loop with filters that keep every row (rows/s): what failure isolation and the
 * slow-filter watchdog (issue 12, item 11) cost on the fast path.
 */
public class FilterBenchmark extends ThroughputBenchmark {
  private static final int ROWS = 4096;

  /** How many filters each row goes through. */
  @Param({"1", "8"})
  public int filters = 1;

  private Detection detection = Detection.builder().build();
  private final DetectionAggregate aggregate = new DetectionAggregate();

  /** Distinct rows and the filters. */
  @Setup(Level.Trial)
  public void setUp() {
    Detection.Builder b = Detection.builder();
    for (int i = 0; i < filters; i++) {
      b.addFilter(r -> FilterDecision.keep());
    }
    detection = b.build();
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    for (int i = 0; i < ROWS; i++) {
      aggregate.add(ProcessEvent.builder(t.plusMillis(i), new EventOrigin("sysmon", "bench", i + 1))
          .set(Field.PROCESS_NAME, "devtunnel.exe")
          .set(Field.DEST, "WKS-" + i)
          .set(Field.PROCESS, "devtunnel.exe host -p 8080")
          .build());
    }
  }

  /** The report of 4096 rows, each through every filter (rows/s). */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DetectionReport filterLoop() {
    return detection.report(aggregate, null);
  }
}
