// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshots written by each version of the format are kept in {@code src/test/resources/snapshot}:
 * a change that can no longer read one fails here. When the format changes on purpose, bump
 * {@code StreamingSnapshot.VERSION}, keep reading these files, and add the new version's fixture
 * (written with {@code -Dtunnelwatch.writeSnapshotFixture=true}). Version 2 added the groups'
 * origins and the throttle's memory: its scenario runs with a {@link Throttle}.
 */
final class StreamingSnapshotFixtureTest {
  private static final Path V1 = Path.of("src/test/resources/snapshot/streaming-v1.twsnap");
  private static final Path V2 = Path.of("src/test/resources/snapshot/streaming-v2.twsnap");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-04-23T20:00:00Z"), ZoneOffset.UTC);
  private Detection detection = Detection.builder().build();

  /** A detection throttling dest and process_name for 90 minutes: each run needs its own memory. */
  private static Detection throttled() {
    return Detection.builder().addFilter(Throttle.of(java.time.Duration.ofMinutes(90))).build();
  }

  /**
   * A state with open windows, a window waiting for redelivery after its listener threw, a late
   * event, and a future one.
   */
  private StreamingDetection scenario(List<DetectionReport> into) {
    int[] calls = {0};
    StreamingDetection s = detection.streaming(r -> {
      calls[0]++;
      if (calls[0] == 1 || calls[0] == 3) {
        throw new IllegalStateException("listener down");
      }
      into.add(r);
    }).clock(CLOCK).build();
    s.accept(TestEvents.devtunnel("2024-04-23T10:10:00Z", "h1"));
    s.accept(TestEvents.devtunnel("2024-04-23T12:10:00Z", "h2"));
    s.accept(TestEvents.devtunnel("2099-01-01T00:00:00Z", "skewed"));
    s.accept(TestEvents.event(Instant.parse("2024-04-23T13:10:00Z"), "h3", "cmd.exe", "Cmd.Exe"));
    s.advanceTo(Instant.parse("2024-04-23T13:00:00Z")); // the listener throws: both windows wait
    s.accept(TestEvents.devtunnel("2024-04-23T10:20:00.123456789Z", "h1")); // joins the waiting window
    s.advanceTo(Instant.parse("2024-04-23T13:00:00Z")); // the first is delivered, the second waits
    s.accept(TestEvents.devtunnel("2024-04-23T12:15:00Z", "h2")); // joins the waiting window
    s.accept(TestEvents.devtunnel("2024-04-23T10:30:00Z", "h1")); // late
    s.accept(TestEvents.devtunnel("2024-04-23T13:20:00Z", "h4"));
    return s;
  }

  private List<DetectionReport> continueFrom(StreamingDetection s, List<DetectionReport> reports) {
    s.accept(TestEvents.devtunnel("2024-04-23T13:25:00Z", "h4"));
    s.advanceTo(Instant.parse("2024-04-23T16:00:00Z"));
    s.flush();
    return reports;
  }

  @Test
  void versionOneFixture_restores_andReportsWhatTheUnstoppedRunReports() throws IOException {
    List<DetectionReport> expected = new ArrayList<>();
    continueFrom(scenario(expected), expected);

    List<DetectionReport> actual = new ArrayList<>();
    StreamingDetection restored;
    try (InputStream in = Files.newInputStream(V1)) {
      restored = detection.streaming(actual::add).clock(CLOCK).restore(in);
    }
    StreamingStats stats = restored.stats();
    assertThat(stats.futureEvents()).isEqualTo(1);
    assertThat(stats.listenerFailures()).isEqualTo(2);
    assertThat(stats.lateEvents()).isEqualTo(1);
    assertThat(stats.windowsHeld()).isEqualTo(4);
    assertThat(stats.timeReached()).isEqualTo(Instant.parse("2024-04-23T13:00:00Z"));
    continueFrom(restored, actual);
    List<DetectionReport> before = new ArrayList<>();
    scenario(before);
    before.addAll(actual);
    assertThat(before).hasToString(expected.toString());
    assertThat(actual).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void versionTwoFixture_restoresOriginsAndTheThrottle_andReportsWhatTheUnstoppedRunReports() throws IOException {
    if (Boolean.getBoolean("tunnelwatch.writeSnapshotFixture")) {
      detection = throttled();
      try (var out = Files.newOutputStream(V2)) {
        scenario(new ArrayList<>()).snapshot(out);
      }
    }
    detection = throttled();
    List<DetectionReport> expected = new ArrayList<>();
    continueFrom(scenario(expected), expected);

    detection = throttled();
    List<DetectionReport> actual = new ArrayList<>();
    StreamingDetection restored;
    try (InputStream in = Files.newInputStream(V2)) {
      restored = detection.streaming(actual::add).clock(CLOCK).restore(in);
    }
    continueFrom(restored, actual);
    detection = throttled();
    List<DetectionReport> before = new ArrayList<>();
    scenario(before);
    before.addAll(actual);
    assertThat(before).hasToString(expected.toString());
    List<DetectionResult> rows = before.stream().flatMap(r -> r.results().stream()).toList();
    assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.firstOrigin()).isNotNull());
    assertThat(actual.stream().flatMap(r -> r.suppressed().stream()).map(Suppression::filter))
        .as("the h4 row of the window after the restore repeats one kept before it")
        .contains("throttle");
    assertThat(actual.stream().flatMap(r -> r.suppressed().stream()))
        .allSatisfy(sup -> assertThat(sup.result().firstOrigin()).isEqualTo(sup.result().lastOrigin()));
  }

  @Test
  void thisVersion_writesTheFixtureByteForByte() throws IOException {
    detection = throttled();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    scenario(new ArrayList<>()).snapshot(out);
    assertThat(out.toByteArray())
        .as("the format changed: bump StreamingSnapshot.VERSION and keep reading versions 1 and 2 (see the class comment)")
        .isEqualTo(Files.readAllBytes(V2));
  }
}
