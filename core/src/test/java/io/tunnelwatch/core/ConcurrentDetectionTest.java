// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.spi.FilterDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Eight threads feeding one thread-safe evaluation give what one thread gives (the issue lost
 * thousands of events); a confined one handed over by an executor works, and one fed from two
 * threads at once fails loudly instead.
 */
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

  /** Runs {@code accept} over each slice on its own thread, all started together; expects no failure. */
  private static void onThreads(List<List<ProcessEvent>> slices, Consumer<ProcessEvent> accept) throws Exception {
    assertThat(failuresOnThreads(slices, accept)).isEmpty();
  }

  /** Runs {@code accept} over each slice on its own thread, all started together; a thread stops at its first failure. */
  private static List<Throwable> failuresOnThreads(List<List<ProcessEvent>> slices, Consumer<ProcessEvent> accept)
      throws Exception {
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
    return failures;
  }

  @Test
  void batch_fedFromEightThreads_equalsOneThread() throws Exception {
    List<List<ProcessEvent>> slices = slices(8);
    BatchDetection one = detection.batch();
    slices.forEach(s -> s.forEach(one::accept));
    BatchDetection many = detection.batch().threadSafe();
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
    StreamingDetection many = detection.streaming(manyReports::add).threadSafe().build();
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
    StreamingDetection many = detection.streaming(reports::add).eventTime(Duration.ofMinutes(5)).threadSafe().build();
    onThreads(slices, many::accept);
    many.flush();
    assertThat(many.stats().eventsSeen()).isEqualTo((long) THREADS * PER_THREAD);
    assertThat(reports.stream().mapToLong(DetectionReport::matchedEvents).sum()).isEqualTo(matching);
    assertThat(many.stats().lateEvents()).as("arrival order is mixed, so some are late").isPositive();
  }

  @Test
  void confinedBatch_handedOverByAnExecutor_equalsOneThread() throws Exception {
    List<List<ProcessEvent>> slices = slices(11);
    BatchDetection one = detection.batch();
    slices.forEach(s -> s.forEach(one::accept));
    BatchDetection handed = detection.batch();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (List<ProcessEvent> slice : slices) { // one task at a time, each on whichever pool thread
        pool.submit(() -> slice.forEach(handed::accept)).get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(handed.finish().results()).isEqualTo(one.finish().results());
  }

  @Test
  void confinedBatch_fedFromEightThreadsAtOnce_failsInsteadOfLosingEvents() throws Exception {
    List<List<ProcessEvent>> slices = slices(12);
    BatchDetection many = detection.batch();
    List<Throwable> failures = failuresOnThreads(slices, many::accept);
    assertThat(failures).isNotEmpty().allSatisfy(f -> assertThat(f).isInstanceOf(ConcurrentModificationException.class));
    assertThatThrownBy(many::finish).isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("can no longer be trusted");
  }

  @Test
  void confinedStreaming_fedFromEightThreadsAtOnce_failsInsteadOfLosingEvents() throws Exception {
    List<List<ProcessEvent>> slices = slices(13);
    StreamingDetection many = detection.streaming(r -> { }).eventTime(Duration.ofMinutes(5)).build();
    List<Throwable> failures = failuresOnThreads(slices, many::accept);
    assertThat(failures).isNotEmpty().allSatisfy(f -> assertThat(f).isInstanceOf(ConcurrentModificationException.class));
    assertThatThrownBy(many::stats).isInstanceOf(ConcurrentModificationException.class);
  }

  /** Thread A is held inside {@code accept} by its listener while thread B calls: B fails, and so does A's next call. */
  @Test
  void confinedStreaming_secondThreadWhileFirstIsInside_failsBothFromThenOn() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<DetectionReport> reports = new ArrayList<>();
    StreamingDetection streaming = detection.streaming(r -> {
      reports.add(r);
      inside.countDown();
      awaitQuietly(release);
    }).build();
    streaming.accept(TestEvents.devtunnel("2024-04-23T10:00:00Z", "WKS-1"));
    ExecutorService a = Executors.newSingleThreadExecutor();
    try {
      Future<?> flushing = a.submit(streaming::flush);
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> streaming.accept(TestEvents.devtunnel("2024-04-23T10:05:00Z", "WKS-2")))
          .isInstanceOf(ConcurrentModificationException.class)
          .hasMessageContaining("StreamingDetection was used by thread \"" + Thread.currentThread().getName() + "\"")
          .hasMessageContaining("threadSafe");
      release.countDown();
      flushing.get(10, TimeUnit.SECONDS); // the call that was inside completes: it did nothing wrong
    } finally {
      a.shutdownNow();
    }
    assertThat(reports).hasSize(1);
    assertThatThrownBy(streaming::stats).isInstanceOf(ConcurrentModificationException.class);
  }

  /** A filter holds thread A inside {@code finish} while thread B accepts: B fails, A's rows are complete. */
  @Test
  void confinedBatch_secondThreadWhileFirstIsInside_fails() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Detection held = Detection.builder().addFilter(row -> {
      inside.countDown();
      awaitQuietly(release);
      return FilterDecision.keep();
    }).build();
    BatchDetection batch = held.batch();
    batch.accept(TestEvents.devtunnel("2024-04-23T10:00:00Z", "WKS-1"));
    ExecutorService a = Executors.newSingleThreadExecutor();
    try {
      Future<DetectionReport> finishing = a.submit(() -> batch.finish());
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> batch.accept(TestEvents.devtunnel("2024-04-23T10:05:00Z", "WKS-2")))
          .isInstanceOf(ConcurrentModificationException.class);
      release.countDown();
      assertThat(finishing.get(10, TimeUnit.SECONDS).results()).hasSize(1);
    } finally {
      a.shutdownNow();
    }
    assertThatThrownBy(batch::events).isInstanceOf(ConcurrentModificationException.class);
  }

  @Test
  void confinedStreaming_listenerCallingBack_isTheSameCall() {
    List<Long> seenInListener = new ArrayList<>();
    StreamingDetection[] self = new StreamingDetection[1];
    self[0] = detection.streaming(r -> seenInListener.add(self[0].stats().eventsSeen())).build();
    self[0].accept(TestEvents.devtunnel("2024-04-23T10:00:00Z", "WKS-1"));
    self[0].flush();
    assertThat(seenInListener).containsExactly(1L);
    assertThat(self[0].stats().windowsReported()).isEqualTo(1);
  }

  @Test
  void threadSafe_afterTheFirstEvent_isRefused() {
    BatchDetection batch = detection.batch();
    batch.accept(TestEvents.devtunnel("2024-04-23T10:00:00Z", "WKS-1"));
    assertThatThrownBy(batch::threadSafe).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the first event");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
