// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.EventFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The whole pipeline on one thread: bytes in memory, split into lines, prefiltered (or not), parsed
 * by the adapter, matched and aggregated; one operation is one line (events/s).
 */
public class PipelineBenchmark extends ThroughputBenchmark {
  /** The kind of line: sysmon, 4688 or crowdstrike. */
  @Param({"sysmon", "4688", "crowdstrike"})
  public String kind = "sysmon";

  /** Whether the reader's prefilter is on. */
  @Param({"true", "false"})
  public boolean prefilter = true;

  /** The share of devtunnel executions. */
  @Param({"0.001"})
  public double matchRate = 0.001;

  private byte[] corpus = new byte[0];
  private @Nullable EventFormat format;
  private Detection detection = Detection.builder().build();
  private long expectedMatches;

  /** Generates the corpus and finds the adapter. */
  @Setup(Level.Trial)
  public void setUp() {
    CorpusGenerator g = new CorpusGenerator(CorpusGenerator.Kind.parse(kind), 42, matchRate);
    corpus = g.nextLines(LINES);
    expectedMatches = g.matches();
    format = Formats.forLine(new CorpusGenerator(CorpusGenerator.Kind.parse(kind), 7, 0).next());
    detection = Detection.builder().build();
  }

  /** Reads the corpus and runs the detection; checks the count so nothing is optimised away. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public DetectionReport scan() throws IOException {
    EventReader.Builder b = EventReader.builder().addFormat(Objects.requireNonNull(format, "format"));
    EventReader reader = prefilter ? b.prefilterFor(detection).build() : b.noPrefilter().build();
    BatchDetection batch = detection.batch();
    ReadSummary s = reader.read(new ByteArrayInputStream(corpus), "bench", batch::accept);
    DetectionReport r = batch.finish();
    if (r.matchedEvents() != expectedMatches || s.lines() != LINES) {
      throw new IllegalStateException("expected " + expectedMatches + " matches in " + LINES + " lines but got " + r.matchedEvents() + " in " + s);
    }
    return r;
  }
}
