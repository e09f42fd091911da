// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * {@link TopologyBenchmark}'s work measured in CPU time instead of wall-clock time, for a machine
 * that other work keeps busy: after {@code warm} batches of {@value ThroughputBenchmark#LINES}
 * records, {@code batches} batches are piped and the records per second of the benchmark thread's
 * CPU time and of the whole process's (the garbage collector and compiler threads included) are
 * printed, with the bytes the thread allocated per record. A core shared with other processes
 * stretches wall-clock time but hardly CPU time, so these figures stay close to a quiet machine's
 * (caches and memory bandwidth are still shared). Usage:
 * {@code java -cp benchmarks.jar io.tunnelwatch.benchmarks.TopologyCpu SHAPE STORE [WARM [BATCHES [RECORDS]]]}
 * with {@code SHAPE} one of {@code detection}, {@code skeleton}, {@code empty}, {@code STORE}
 * {@code memory} or {@code rocksdb}, and {@code RECORDS} per batch ({@value ThroughputBenchmark#LINES}
 * unless given: fewer for RocksDB, which fsyncs per record under the driver).
 */
public final class TopologyCpu {
  private TopologyCpu() {}

  /**
   * Runs the measurement and prints one line.
   *
   * @throws IOException when the driver's state directory cannot be made or removed
   */
  public static void main(String[] args) throws IOException {
    TopologyBenchmark b = new TopologyBenchmark();
    b.shape = args.length > 0 ? args[0] : "detection";
    b.store = args.length > 1 ? args[1] : "memory";
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int batches = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    b.lines = args.length > 4 ? Integer.parseInt(args[4]) : ThroughputBenchmark.LINES;
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    b.setUp();
    try {
      long sink = 0;
      for (int i = 0; i < warm; i++) {
        b.nextBatch();
        sink += b.pipe();
      }
      long threadCpu = 0;
      long processCpu = 0;
      long allocated = 0;
      long wall = 0;
      for (int i = 0; i < batches; i++) {
        b.nextBatch(); // outside the measurement, as in the benchmark
        long t0 = threads.getCurrentThreadCpuTime();
        long p0 = os.getProcessCpuTime();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long w0 = System.nanoTime();
        sink += b.pipe();
        wall += System.nanoTime() - w0;
        allocated += threads.getCurrentThreadAllocatedBytes() - a0;
        processCpu += os.getProcessCpuTime() - p0;
        threadCpu += threads.getCurrentThreadCpuTime() - t0;
      }
      double records = (double) batches * b.lines;
      System.out.printf(Locale.ROOT,
          "shape=%s store=%s records=%.0f: %.0f records/s of thread CPU, %.0f of process CPU, %.0f of wall clock;"
              + " %.0f B allocated per record (output chars %d)%n",
          b.shape, b.store, records, records / (threadCpu / 1e9), records / (processCpu / 1e9),
          records / (wall / 1e9), allocated / records, sink);
    } finally {
      b.tearDown();
    }
  }
}
