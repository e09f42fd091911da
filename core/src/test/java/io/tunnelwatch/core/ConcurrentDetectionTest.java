// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Eight threads feeding one evaluation give what one thread gives (the issue lost thousands of events). */
final class ConcurrentDetectionTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 10_000;
  private final Detection detection = Detection.builder().build();

  private static List<List<ProcessEvent>> slices(long seed) {
    Random r = new Random(seed);
    List<List<ProcessEvent>> slices = new ArrayList<>();
    Instant base = Instant.parse("2024-04-23T00:00:00Z");
    for (int t = 0; t < THREADS; t++) {
      List<ProcessEvent> slice = new ArrayList<>();
      for (int i = 0; i < PER_THREAD; i++) {
        slice.add(TestEvents.random(r, base, 24 * 3600));
      }
      slices.add(slice);
    }
    return slices;
  }

  /** Runs {@code accept} over each slice on its own thread, all started together. */
  private static void onThreads(List<List<ProcessEvent>> slices, Consumer<ProcessEvent> accept) throws Exception {
    CyclicBarrier start = new CyclicBarrier(slices.size());
    List<Throwable> failures = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (List<ProcessEvent> slice : slices) {
      Thread th = new Thread(() -> {
        try {
          start.await();
          slice.forEach(accept);
        } catch (Throwable e) { // a CME or NPE here is the bug this test is for
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void batch_fedFromEightThreads_equalsOneThread() throws Exception {
    List<List<ProcessEvent>> slices = slices(8);
    BatchDetection one = detection.batch();
    slices.forEach(s -> s.forEach(one::accept));
    BatchDetection many = detection.batch();
    onThreads(slices, many::accept);
    assertThat(many.events()).isEqualTo((long) THREADS * PER_THREAD);
    assertThat(many.aggregate()).isEqualTo(one.aggregate());
    assertThat(many.finish().results()).isEqualTo(one.finish().results());
  }

  @Test
  void streaming_fedFromEightThreads_equalsOneThread() throws Exception {
    List<List<ProcessEvent>> slices = slices(9);
    List<DetectionReport> oneReports = new ArrayList<>();
    StreamingDetection one = detection.streaming(oneReports::add).build();
    slices.forEach(s -> s.forEach(one::accept));
    one.flush();
    List<DetectionReport> manyReports = new ArrayList<>();
    StreamingDetection many = detection.streaming(manyReports::add).build();
    onThreads(slices, many::accept);
    many.flush();
    assertThat(manyReports).hasToString(oneReports.toString());
    assertThat(many.stats()).isEqualTo(one.stats());
  }

  @Test
  void eventTimeStreaming_fedFromEightThreads_losesNothing() throws Exception {
    List<List<ProcessEvent>> slices = slices(10);
    long matching = slices.stream().flatMap(List::stream).filter(e -> detection.predicate().test(e).matched()).count();
    List<DetectionReport> reports = new ArrayList<>();
    StreamingDetection many = detection.streaming(reports::add).eventTime(Duration.ofMinutes(5)).build();
    onThreads(slices, many::accept);
    many.flush();
    assertThat(many.stats().eventsSeen()).isEqualTo((long) THREADS * PER_THREAD);
    assertThat(reports.stream().mapToLong(DetectionReport::matchedEvents).sum()).isEqualTo(matching);
    assertThat(many.stats().lateEvents()).as("arrival order is mixed, so some are late").isPositive();
  }
}
