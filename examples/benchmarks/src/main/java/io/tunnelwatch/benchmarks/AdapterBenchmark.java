// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/** One adapter's parser alone, line after line (events/s): the cost the prefilter avoids. */
public class AdapterBenchmark extends ThroughputBenchmark {
  /** The kind of line: sysmon, 4688 or crowdstrike. */
  @Param({"sysmon", "4688", "crowdstrike"})
  public String kind = "sysmon";

  private byte[][] lines = new byte[0][];
  private @Nullable LineParser parser;
  private final EventOrigin origin = new EventOrigin("bench", "bench", 1);

  /** Generates the lines and a parser. */
  @Setup(Level.Trial)
  public void setUp() {
    CorpusGenerator g = new CorpusGenerator(CorpusGenerator.Kind.parse(kind), 42, 0.001);
    lines = new byte[LINES][];
    for (int i = 0; i < LINES; i++) {
      lines[i] = g.next().getBytes(StandardCharsets.UTF_8);
    }
    EventFormat f = Formats.forLine(new String(lines[0], StandardCharsets.UTF_8));
    parser = f.newParser();
  }

  /** Parses every line. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parse(Blackhole bh) {
    LineParser p = Objects.requireNonNull(parser, "parser");
    for (byte[] line : lines) {
      LineOutcome o = p.parse(line, 0, line.length, origin);
      bh.consume(o);
    }
  }
}
