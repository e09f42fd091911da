package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

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
    assertThat(r.window().orElseThrow()).isEqualTo(new Window(t("2024-04-23T11:50:00Z"), t("2024-04-23T12:50:00Z")));
    assertThat(r.late()).isFalse();
    assertThat(r.results()).singleElement().satisfies(row -> {
      assertThat(row.count()).isEqualTo(2);
      assertThat(row.firstTime()).isEqualTo(t("2024-04-23T12:10:00Z"));
      assertThat(row.lastTime()).isEqualTo(t("2024-04-23T12:20:00Z"));
      assertThat(row.window()).isEqualTo(r.window().orElseThrow());
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
    assertThat(reports).extracting(r -> r.window().orElseThrow().start())
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
    long seed = System.nanoTime();
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
      Window w = rep.window().orElseThrow();
      BatchDetection b = detection.batch(w.start(), w.end());
      events.forEach(b::accept);
      assertThat(rep.results()).as("seed %d window %s", seed, w)
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("window")
          .isEqualTo(b.finish().results());
    }
    assertThat(reports.stream().mapToLong(DetectionReport::matchedEvents).sum())
        .isEqualTo(detection.evaluate(events).matchedEvents());
  }
}
