// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.spi.FilterDecision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The allowlist's glob on a hostile row (issue 12, item 12): a 5 KB pattern against a 1 MB command
 * line, in ms per row. The backtracking matcher took 5.5 s on {@code hostile}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AllowlistBenchmark extends ThroughputBenchmark {
  /** {@code hostile} makes a backtracking matcher retry at every position; {@code matching} matches. */
  @Param({"hostile", "matching"})
  public String pattern = "hostile";

  private AllowlistFilter allowlist = AllowlistFilter.parse("{\"entries\": []}", "bench", Clock.systemUTC());
  private DetectionResult row = row("");

  private static DetectionResult row(String process) {
    List<String> values = new ArrayList<>();
    for (Field f : Field.values()) {
      values.add(f == Field.PROCESS ? process : "x");
    }
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    return new DetectionResult(GroupKey.of(values), 1, t, t, null, false);
  }

  /** The pattern and the row. */
  @Setup(Level.Trial)
  public void setUp() {
    String a = "a".repeat(5 << 10);
    String glob = pattern.equals("hostile") ? "*" + a + "b*" : "*" + a + "*";
    allowlist = AllowlistFilter.parse("{\"entries\": [{\"match\": {\"process\": \"" + glob
        + "\"}, \"reason\": \"bench\", \"owner\": \"bench\"}]}", "bench",
        Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneOffset.UTC));
    row = row("devtunnel.exe host " + "A".repeat(1 << 20));
  }

  /** One decision. */
  @Benchmark
  public FilterDecision decide() {
    return allowlist.decide(row);
  }
}
