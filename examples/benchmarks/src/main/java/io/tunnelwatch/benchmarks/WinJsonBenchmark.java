// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Windows events rendered as JSON (DESIGN.md section 4.3), one form per run, through the public
 * {@link EventReader} on one thread: an in-memory file of {@link #LINES} generated objects, one a
 * line, recognised as winevent's JSON container by its first object, each record prefiltered (or
 * not), parsed, mapped by the discovered Sysmon and 4688 formats, matched and aggregated. One
 * operation is one record (events/s).
 */
public class WinJsonBenchmark extends ThroughputBenchmark {
  /** The form: a JSON kind of {@link CorpusGenerator.Kind}. */
  @Param({"evtxdump", "ecs", "ecs-raw", "nxlog", "helk", "sentinel"})
  public String kind = "ecs";

  /** Whether the reader's prefilter is on. */
  @Param({"true", "false"})
  public boolean prefilter = true;

  /** The share of devtunnel executions. */
  @Param({"0.001"})
  public double matchRate = 0.001;

  private byte[] corpus = new byte[0];
  private Detection detection = Detection.builder().build();
  private long expectedMatches;

  /** Generates the corpus. */
  @Setup(Level.Trial)
  public void setUp() {
    CorpusGenerator.Kind k = CorpusGenerator.Kind.parse(kind);
    if (!k.windowsJson()) {
      throw new IllegalArgumentException("kind must be a JSON form of Windows events but was " + kind);
    }
    CorpusGenerator g = new CorpusGenerator(k, 42, matchRate);
    corpus = g.nextLines(LINES);
    expectedMatches = g.matches();
    detection = Detection.builder().build();
  }

  /** Reads the corpus and runs the detection; checks the counts so nothing is optimised away. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public DetectionReport scan() throws IOException {
    EventReader.Builder b = EventReader.builder().addDiscoveredFormats(WinJsonBenchmark.class.getClassLoader());
    EventReader reader = prefilter ? b.prefilterFor(detection).build() : b.noPrefilter().build();
    BatchDetection batch = detection.batch();
    ReadSummary s = reader.read(new ByteArrayInputStream(corpus), "bench.json", batch::accept);
    DetectionReport r = batch.finish();
    if (r.matchedEvents() != expectedMatches || s.records() != LINES || s.rejected() != 0) {
      throw new IllegalStateException("expected " + expectedMatches + " matches in " + LINES + " records but got "
          + r.matchedEvents() + " in " + s);
    }
    return r;
  }
}
