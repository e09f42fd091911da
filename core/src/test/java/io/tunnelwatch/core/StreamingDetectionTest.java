// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.tck.Seeds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class StreamingDetectionTest {
  private final List<DetectionReport> reports = new ArrayList<>();
  private final Detection detection = Detection.builder().build();

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void window_isReportedWhenItsRunTimePasses_notBefore() {
    StreamingDetection s = detection.streaming(reports::add).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:20:00Z", "h1"));
    s.advanceTo(t("2024-04-23T12:59:59Z"));
    assertThat(reports).isEmpty();
    s.advanceTo(t("2024-04-23T13:00:00Z"));
    assertThat(reports).hasSize(1);
    DetectionReport r = reports.get(0);
    assertThat(r.window()).isEqualTo(new Window(t("2024-04-23T11:50:00Z"), t("2024-04-23T12:50:00Z")));
    assertThat(r.late()).isFalse();
    assertThat(r.results()).singleElement().satisfies(row -> {
      assertThat(row.count()).isEqualTo(2);
      assertThat(row.firstTime()).isEqualTo(t("2024-04-23T12:10:00Z"));
      assertThat(row.lastTime()).isEqualTo(t("2024-04-23T12:20:00Z"));
      assertThat(row.window()).isEqualTo(r.window());
    });
    assertThat(s.windowsHeld()).as("state released").isZero();
  }

  @Test
  void outOfOrderEvents_beforeTheRun_landInTheirWindow() {
    StreamingDetection s = detection.streaming(reports::add).build();
    s.accept(TestEvents.devtunnel("2024-04-23T13:55:00Z", "h1")); // next window
    s.accept(TestEvents.devtunnel("2024-04-23T12:49:59Z", "h1")); // earlier window
    s.accept(TestEvents.devtunnel("2024-04-23T12:50:00Z", "h1")); // exactly hh:50: the next
    s.advanceTo(t("2024-04-23T15:00:00Z"));
    assertThat(reports).extracting(r -> Objects.requireNonNull(r.window()).start())
        .containsExactly(t("2024-04-23T11:50:00Z"), t("2024-04-23T12:50:00Z"), t("2024-04-23T13:50:00Z"));
    assertThat(reports).extracting(r -> r.results().get(0).count()).containsExactly(1L, 1L, 1L);
  }

  @Test
  void lateEvent_isReportedAsALateResult_notDropped() {
    StreamingDetection s = detection.streaming(reports::add).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.advanceTo(t("2024-04-23T14:00:00Z"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:30:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:31:00Z", "h1"));
    assertThat(s.lateEvents()).isEqualTo(2);
    assertThat(reports).hasSize(1);
    s.advanceTo(t("2024-04-23T14:00:01Z"));
    assertThat(reports).hasSize(2);
    DetectionReport late = reports.get(1);
    assertThat(late.late()).isTrue();
    assertThat(late.window()).isEqualTo(reports.get(0).window());
    assertThat(late.results()).singleElement().satisfies(row -> {
      assertThat(row.count()).isEqualTo(2);
      assertThat(row.late()).isTrue();
      assertThat(row.firstTime()).isEqualTo(t("2024-04-23T12:30:00Z"));
    });
    assertThat(s.windowsHeld()).isZero();
  }

  @Test
  void nonMatchingEvents_holdNoState() {
    StreamingDetection s = detection.streaming(reports::add).build();
    for (int i = 0; i < 1000; i++) {
      s.accept(TestEvents.event(t("2024-04-23T12:00:00Z").plusSeconds(i), "h", "cmd.exe", "Cmd.Exe"));
    }
    assertThat(s.windowsHeld()).isZero();
    s.flush();
    assertThat(reports).isEmpty();
  }

  @Test
  void clock_drivesAdvance() {
    Clock clock = Clock.fixed(t("2024-04-23T14:00:00Z"), ZoneOffset.UTC);
    StreamingDetection s = detection.streaming(reports::add).clock(clock).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.advance();
    assertThat(reports).hasSize(1);
  }

  @Test
  void eventTime_closesWindowsAsEventsPassTheirRunTimePlusTheBound() {
    StreamingDetection s = detection.streaming(reports::add).eventTime(Duration.ofMinutes(5)).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.event(t("2024-04-23T13:04:59Z"), "h", "cmd.exe", "x"));
    assertThat(reports).isEmpty();
    s.accept(TestEvents.event(t("2024-04-23T13:05:00Z"), "h", "cmd.exe", "x"));
    assertThat(reports).hasSize(1);
  }

  @Test
  void flush_reportsEveryOpenWindow_andLaterEventsForThemAreLate() {
    StreamingDetection s = detection.streaming(reports::add).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T16:10:00Z", "h1"));
    s.flush();
    assertThat(reports).hasSize(2).noneMatch(DetectionReport::late);
    s.accept(TestEvents.devtunnel("2024-04-23T16:11:00Z", "h1"));
    s.flush();
    assertThat(reports).hasSize(3);
    assertThat(reports.get(2).late()).isTrue();
  }

  /** Streaming per window equals a batch over each window's bounds, whatever the arrival order. */
  @RepeatedTest(30)
  void streaming_equalsBatchPerWindow_forAnyArrivalOrder() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    Instant base = t("2024-04-23T08:00:00Z");
    List<ProcessEvent> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(TestEvents.random(r, base, 5 * 3600));
    }
    StreamingDetection s = detection.streaming(reports::add).build();
    events.forEach(s::accept);
    s.flush();
    for (DetectionReport rep : reports) {
      Window w = Objects.requireNonNull(rep.window());
      BatchDetection b = detection.batch(w.start(), w.end());
      events.forEach(b::accept);
      assertThat(rep.results()).as("seed %d window %s", seed, w)
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("window")
          .isEqualTo(b.finish().results());
    }
    assertThat(reports.stream().mapToLong(DetectionReport::matchedEvents).sum())
        .isEqualTo(detection.evaluate(events).matchedEvents());
  }

  private static Clock fixed(String now) {
    return Clock.fixed(t(now), ZoneOffset.UTC);
  }

  /** The case: one event dated 2099 made every later event of every host late. */
  @Test
  void eventFarInTheFuture_closesNoOneElsesWindow_andIsAggregatedInItsOwn() {
    StreamingDetection s = detection.streaming(reports::add).clock(fixed("2024-04-23T20:00:00Z"))
        .eventTime(Duration.ZERO).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2099-01-01T00:00:00Z", "bad-clock"));
    for (int i = 0; i < 10; i++) {
      s.accept(TestEvents.devtunnel("2024-04-23T12:2" + i + ":00Z", "h" + i));
    }
    assertThat(reports).as("the 2099 event closed nothing").isEmpty();
    s.flush();
    assertThat(reports).hasSize(2).noneMatch(DetectionReport::late);
    assertThat(reports.get(0).matchedEvents()).isEqualTo(11);
    assertThat(Objects.requireNonNull(reports.get(1).window()).contains(t("2099-01-01T00:00:00Z"))).isTrue();
    StreamingStats stats = s.stats();
    assertThat(stats.futureEvents()).isEqualTo(1);
    assertThat(stats.lateEvents()).isZero();
    assertThat(stats.recentFuture()).singleElement().satisfies(f -> {
      assertThat(f.time()).isEqualTo(t("2099-01-01T00:00:00Z"));
      assertThat(f.dest()).isEqualTo("bad-clock");
    });
    assertThat(stats.timeReached()).isEqualTo(t("2024-04-23T12:29:00Z"));
  }

  @Test
  void futureBound_isMeasuredFromTheLaterOfClockAndTimeReached() {
    StreamingDetection s = detection.streaming(reports::add).clock(fixed("2024-04-23T12:00:00Z"))
        .maxClockSkew(Duration.ofMinutes(5)).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:05:00Z", "h1"));
    assertThat(s.stats().futureEvents()).as("exactly at the bound").isZero();
    s.accept(TestEvents.devtunnel("2024-04-23T12:05:00.000000001Z", "h1"));
    assertThat(s.stats().futureEvents()).isEqualTo(1);
    s.advanceTo(t("2024-04-23T18:00:00Z"));
    s.accept(TestEvents.devtunnel("2024-04-23T18:04:00Z", "h1"));
    assertThat(s.stats().futureEvents()).as("within the bound of the time reached").isEqualTo(1);
  }

  @Test
  void maxClockSkew_refusesANegativeBound() {
    assertThatThrownBy(() -> detection.streaming(reports::add).maxClockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxClockSkew must not be negative but was PT-1S");
  }

  @Test
  void throwingListener_losesNoWindow_itIsDeliveredAgainAtTheNextAdvance() {
    int[] calls = {0};
    StreamingDetection s = detection.streaming(r -> {
      if (calls[0]++ == 0) {
        throw new IllegalStateException("listener down");
      }
      reports.add(r);
    }).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T13:10:00Z", "h1"));
    s.advanceTo(t("2024-04-23T15:00:00Z"));
    assertThat(reports).isEmpty();
    assertThat(s.windowsHeld()).as("both kept, in order").isEqualTo(2);
    s.accept(TestEvents.devtunnel("2024-04-23T12:11:00Z", "h1")); // joins the waiting window: not late
    s.advanceTo(t("2024-04-23T15:00:00Z"));
    assertThat(reports).hasSize(2).noneMatch(DetectionReport::late);
    assertThat(reports.get(0).matchedEvents()).isEqualTo(2);
    assertThat(s.stats().listenerFailures()).isEqualTo(1);
    assertThat(s.stats().lateEvents()).isZero();
    assertThat(s.stats().windowsReported()).isEqualTo(2);
    assertThat(s.windowsHeld()).isZero();
  }

  @Test
  void listenerError_propagates_andTheWindowIsKept() {
    boolean[] fail = {true};
    StreamingDetection s = detection.streaming(r -> {
      if (fail[0]) {
        throw new AssertionError("listener error");
      }
      reports.add(r);
    }).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    assertThatThrownBy(s::flush).isInstanceOf(AssertionError.class);
    fail[0] = false;
    s.flush();
    assertThat(reports).singleElement().extracting(DetectionReport::matchedEvents).isEqualTo(1L);
  }

  @Test
  void listener_runsOnTheCallersThread() {
    List<Thread> threads = new ArrayList<>();
    StreamingDetection s = detection.streaming(r -> threads.add(Thread.currentThread())).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.flush();
    assertThat(threads).containsExactly(Thread.currentThread());
  }

  @Test
  void pastTheGroupCap_theOldestWindowIsReportedEarly_andNothingIsDropped() {
    StreamingDetection s = detection.streaming(reports::add).maxGroupsHeld(2).build();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T13:10:00Z", "h2"));
    assertThat(reports).isEmpty();
    s.accept(TestEvents.devtunnel("2024-04-23T14:10:00Z", "h3"));
    assertThat(reports).singleElement().satisfies(r -> assertThat(r.results().get(0).get(Field.DEST)).isEqualTo("h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:20:00Z", "h1"));
    s.flush();
    assertThat(reports).extracting(DetectionReport::late).containsExactly(false, true, false, false);
    assertThat(reports.stream().mapToLong(DetectionReport::matchedEvents).sum()).isEqualTo(4);
    assertThat(s.stats().overflowReports()).isEqualTo(1);
    assertThat(s.stats().groupsHeld()).isZero();
  }

  @Test
  void eventBeyondEveryWindow_isRejected_andCounted() {
    StreamingDetection s = detection.streaming(reports::add).build();
    s.accept(TestEvents.event(Instant.MIN, "h1", "devtunnel.exe", "devtunnel.dll"));
    s.flush();
    assertThat(reports).isEmpty();
    assertThat(s.stats().rejectedEvents()).isEqualTo(1);
    assertThat(s.stats().eventsMatched()).isEqualTo(1);
  }

  @Test
  void stats_countEverything_andTheLagBehindTheClock() {
    StreamingDetection s = detection.streaming(reports::add).clock(fixed("2024-04-23T16:00:00Z")).build();
    assertThat(s.stats().timeReached()).isNull();
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h2"));
    s.accept(TestEvents.event(t("2024-04-23T12:10:00Z"), "h", "cmd.exe", "x"));
    StreamingStats before = s.stats();
    assertThat(before.groupsHeld()).isEqualTo(2);
    assertThat(before.windowsHeld()).isEqualTo(1);
    s.advanceTo(t("2024-04-23T15:00:00Z"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:11:00Z", "h1"));
    s.advanceTo(t("2024-04-23T15:00:00Z"));
    StreamingStats after = s.stats();
    assertThat(after.eventsSeen()).isEqualTo(4);
    assertThat(after.eventsMatched()).isEqualTo(3);
    assertThat(after.lateEvents()).isEqualTo(1);
    assertThat(after.windowsReported()).isEqualTo(2);
    assertThat(after.groupsHeld()).isZero();
    assertThat(after.timeReached()).isEqualTo(t("2024-04-23T15:00:00Z"));
    assertThat(after.lagBehindClock()).isEqualTo(Duration.ofHours(1));
    assertThat(before.eventsSeen()).as("a snapshot, not a view").isEqualTo(3);
  }
}
