// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The floors the issue measures against, on the same corpus: splitting lines, and a plain per-line
 * case-insensitive byte search for {@code devtunnel} (lines/s).
 */
public class Baselines extends ThroughputBenchmark {
  private static final byte[] NEEDLE = {'d', 'e', 'v', 't', 'u', 'n', 'n', 'e', 'l'};

  /** The kind of line: sysmon, 4688 or crowdstrike. */
  @Param({"sysmon", "crowdstrike"})
  public String kind = "sysmon";

  private byte[] corpus = new byte[0];

  /** Generates the corpus. */
  @Setup(Level.Trial)
  public void setUp() {
    corpus = new CorpusGenerator(CorpusGenerator.Kind.parse(kind), 42, 0.001).nextLines(LINES);
  }

  /** Counts the lines. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public int splitLines() {
    int n = 0;
    for (byte b : corpus) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Counts the lines holding {@code devtunnel} in any ASCII case, searching each line naively. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public int naiveSearch() {
    int hits = 0;
    int start = 0;
    for (int i = 0; i < corpus.length; i++) {
      if (corpus[i] == '\n') {
        hits += contains(corpus, start, i) ? 1 : 0;
        start = i + 1;
      }
    }
    return hits;
  }

  private static boolean contains(byte[] b, int from, int to) {
    outer:
    for (int i = from; i <= to - NEEDLE.length; i++) {
      for (int j = 0; j < NEEDLE.length; j++) {
        if ((b[i + j] | 0x20) != NEEDLE[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
