// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import java.time.Instant;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** The predicate plus the {@code tstats} aggregation over parsed events (events/s). */
public class DetectionBenchmark extends ThroughputBenchmark {
  private static final int EVENTS = 65_536;
  private static final String[] NAMES = {"cmd.exe", "powershell.exe", "svchost.exe", "conhost.exe", "DevTunnel.exe"};

  /** The share of devtunnel executions. */
  @Param({"0.001", "0.1"})
  public double matchRate = 0.001;

  /**
   * Whether the evaluation is {@linkplain BatchDetection#threadSafe() thread-safe} (a lock per call)
   * or confined (the default: a check for concurrent use per call).
   */
  @Param({"false", "true"})
  public boolean threadSafe;

  private ProcessEvent[] events = new ProcessEvent[0];
  private final Detection detection = Detection.builder().build();

  /** Builds events with realistic values: a few hosts and users, one in {@code 1 / matchRate} devtunnel. */
  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(42);
    events = new ProcessEvent[EVENTS];
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    for (int i = 0; i < EVENTS; i++) {
      boolean match = rnd.nextDouble() < matchRate;
      String name = match ? NAMES[4] : NAMES[rnd.nextInt(4)];
      events[i] = ProcessEvent.builder(t.plusMillis(i * 13L), new EventOrigin("sysmon", "bench", i + 1))
          .set(Field.PROCESS_NAME, name)
          .set(Field.PROCESS_PATH, "C:\\Windows\\System32\\" + name)
          .set(Field.ORIGINAL_FILE_NAME, match ? "devtunnel.dll" : name)
          .set(Field.DEST, "WKS-" + rnd.nextInt(64))
          .set(Field.USER, "user" + rnd.nextInt(40))
          .set(Field.PROCESS, name + " host -p " + (8000 + rnd.nextInt(8)))
          .set(Field.VENDOR_PRODUCT, "Microsoft Sysmon")
          .set(Field.ACTION, "allowed")
          .build();
    }
  }

  /** Evaluates every event and reports. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public DetectionReport detect() {
    BatchDetection batch = threadSafe ? detection.batch().threadSafe() : detection.batch();
    for (ProcessEvent e : events) {
      batch.accept(e);
    }
    return batch.finish();
  }
}
