// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A detection restored from a snapshot taken at any point reports exactly what one that never
 * stopped reports; a damaged or foreign snapshot is always a {@link SnapshotException}.
 */
@ExtendWith(Seeds.class)
final class StreamingSnapshotProperties {
  private static final Instant BASE = Instant.parse("2024-04-23T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-04-23T20:00:00Z"), ZoneOffset.UTC);
  private final Detection detection = Detection.builder().build();

  /** One step of a run: an event, or an advance of time. */
  private record Step(@org.jspecify.annotations.Nullable ProcessEvent event, Instant advance) {}

  private static List<Step> steps(Random r) {
    List<Step> steps = new ArrayList<>();
    int n = 50 + r.nextInt(250);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(15) == 0) {
        steps.add(new Step(null, BASE.plusSeconds(r.nextInt(8 * 3600))));
      } else if (r.nextInt(40) == 0) {
        steps.add(new Step(TestEvents.devtunnel("2099-0" + (1 + r.nextInt(9)) + "-01T00:00:00Z", "skewed"), BASE));
      } else {
        steps.add(new Step(TestEvents.random(r, BASE, 6 * 3600), BASE));
      }
    }
    return steps;
  }

  private StreamingDetection.Builder builder(boolean eventTime, Consumer<DetectionReport> listener) {
    StreamingDetection.Builder b = detection.streaming(listener).clock(CLOCK).maxGroupsHeld(40);
    return eventTime ? b.eventTime(Duration.ofMinutes(15)) : b;
  }

  private static void run(StreamingDetection s, List<Step> steps) {
    for (Step step : steps) {
      if (step.event() != null) {
        s.accept(step.event());
      } else {
        s.advanceTo(step.advance());
      }
    }
  }

  private static byte[] snapshot(StreamingDetection s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      s.snapshot(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @RepeatedTest(40)
  void restoredDetection_reportsWhatOneThatNeverStoppedReports() throws IOException {
    long seed = Seeds.take();
    Random r = new Random(seed);
    boolean eventTime = r.nextBoolean();
    List<Step> steps = steps(r);
    int cut = r.nextInt(steps.size() + 1);

    List<DetectionReport> whole = new ArrayList<>();
    StreamingDetection never = builder(eventTime, whole::add).build();
    run(never, steps);
    never.flush();

    List<DetectionReport> split = new ArrayList<>();
    StreamingDetection first = builder(eventTime, split::add).build();
    run(first, steps.subList(0, cut));
    byte[] bytes = snapshot(first);
    StreamingDetection restored = builder(eventTime, split::add).restore(new ByteArrayInputStream(bytes));
    assertThat(snapshot(restored)).as("seed %d: a restored state snapshots to the same bytes", seed).isEqualTo(bytes);
    run(restored, steps.subList(cut, steps.size()));
    restored.flush();

    assertThat(split.toString()).as("seed %d, cut at %d of %d", seed, cut, steps.size()).isEqualTo(whole.toString());
    assertThat(rows(split)).as("seed %d", seed).isEqualTo(rows(whole));
    assertThat(restored.stats()).as("seed %d", seed).isEqualTo(never.stats());
    assertThat(whole).as("seed %d: the runs are not vacuous", seed).isNotEmpty();
  }

  private static List<DetectionResult> rows(List<DetectionReport> reports) {
    return reports.stream().flatMap(r -> r.results().stream()).toList();
  }

  @RepeatedTest(20)
  void damagedSnapshot_isASnapshotException_neverAPartialState() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    StreamingDetection s = builder(true, rep -> {}).build();
    run(s, steps(r));
    byte[] good = snapshot(s);
    for (int i = 0; i < 200; i++) {
      byte[] bad;
      if (r.nextBoolean()) {
        bad = Arrays.copyOf(good, r.nextInt(good.length));
      } else {
        bad = good.clone();
        int at = r.nextInt(bad.length);
        bad[at] ^= (byte) (1 + r.nextInt(255));
      }
      byte[] damaged = bad;
      assertThatThrownBy(() -> builder(true, rep -> {}).restore(new ByteArrayInputStream(damaged)))
          .as("seed %d, case %d", seed, i)
          .isInstanceOf(SnapshotException.class);
    }
  }

  @Test
  void foreignBytes_areRefusedByName() {
    assertThatThrownBy(() -> restore(new byte[0])).isInstanceOf(SnapshotException.class)
        .hasMessageContaining("not a tunnelwatch streaming snapshot");
    assertThatThrownBy(() -> restore("{\"open\":[]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("not a tunnelwatch streaming snapshot");
    byte[] good = snapshot(builder(false, rep -> {}).build());
    byte[] v3 = good.clone();
    v3[11] = 3;
    assertThatThrownBy(() -> restore(v3)).isInstanceOf(SnapshotException.class)
        .hasMessage("snapshot version 3 cannot be read; this library reads versions 1 and 2");
  }

  @Test
  void snapshotOfAnotherSchedule_isRefused() {
    byte[] good = snapshot(builder(false, rep -> {}).build());
    Detection other = Detection.builder()
        .schedule(Schedule.of(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ZERO)).build();
    assertThatThrownBy(() -> other.streaming(rep -> {}).restore(new ByteArrayInputStream(good)))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("schedule");
  }

  @Test
  void restore_readsExactlyTheSnapshot_andLeavesWhatFollows() throws IOException {
    byte[] good = snapshot(builder(false, rep -> {}).build());
    byte[] withTail = Arrays.copyOf(good, good.length + 3);
    ByteArrayInputStream in = new ByteArrayInputStream(withTail);
    builder(false, rep -> {}).restore(in);
    assertThat(in.available()).isEqualTo(3);
  }

  private void restore(byte[] bytes) throws IOException {
    builder(false, rep -> {}).restore(new ByteArrayInputStream(bytes));
  }
}
