// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark here shares (JMH inherits them): throughput per second on one
 * thread, one fork with a 1 GiB heap, 3 warm-up and 5 measured iterations of 2 s. Each benchmark
 * counts one operation per line or event, so the score is lines/s or events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public abstract class ThroughputBenchmark {
  /** Lines in a generated corpus that one invocation reads. */
  public static final int LINES = 16_384;
}
