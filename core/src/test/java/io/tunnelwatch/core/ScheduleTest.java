// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.tck.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class ScheduleTest {
  private static final Schedule S = Schedule.splunkHourly();

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void runAt13_covers1150To1250() {
    assertThat(S.windowForRun(t("2024-04-23T13:00:00Z")))
        .isEqualTo(new Window(t("2024-04-23T11:50:00Z"), t("2024-04-23T12:50:00Z")));
  }

  @Test
  void runTime_isSnappedToTheMinute() {
    assertThat(S.windowForRun(t("2024-04-23T13:00:42.5Z")))
        .isEqualTo(new Window(t("2024-04-23T11:50:00Z"), t("2024-04-23T12:50:00Z")));
  }

  @Test
  void eventAtExactlyHh50_belongsToTheNextWindow() {
    assertThat(S.windowOf(t("2024-04-23T12:50:00.000Z")).start()).isEqualTo(t("2024-04-23T12:50:00Z"));
    assertThat(S.windowOf(t("2024-04-23T12:49:59.999999999Z")).end()).isEqualTo(t("2024-04-23T12:50:00Z"));
  }

  @Test
  void window_isEvaluatedTenMinutesAfterItCloses() {
    Window w = S.windowOf(t("2024-04-23T12:00:00Z"));
    assertThat(S.runTimeOf(w)).isEqualTo(t("2024-04-23T13:00:00Z"));
    assertThat(S.windowForRun(S.runTimeOf(w))).isEqualTo(w);
  }

  @RepeatedTest(20)
  void everyInstant_isInExactlyTheWindowOfItsRun() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    for (int i = 0; i < 1000; i++) {
      Instant time = Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
      Window w = S.windowOf(time);
      assertThat(w.contains(time)).as("seed %d, %s", seed, time).isTrue();
      assertThat(Duration.between(w.start(), w.end())).isEqualTo(Duration.ofHours(1));
      assertThat(Math.floorMod(w.start().getEpochSecond(), 3600)).as("starts at hh:50").isEqualTo(50L * 60);
      Window next = S.windowForRun(S.runTimeOf(w).plus(Duration.ofHours(1)));
      assertThat(next.start()).as("contiguous").isEqualTo(w.end());
    }
  }

  @Test
  void of_rejectsOverlappingWindows_andNamesTheValues() {
    assertThatThrownBy(() -> Schedule.of(Duration.ofHours(1), Duration.ofMinutes(90), Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT1H30M");
    assertThatThrownBy(() -> Schedule.of(Duration.ofSeconds(90), Duration.ofSeconds(90), Duration.ZERO))
        .hasMessageContaining("whole number of minutes");
    assertThat(Schedule.of(Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(5))
        .windowOf(t("2024-04-23T12:05:00Z")))
        .isEqualTo(new Window(t("2024-04-23T11:55:00Z"), t("2024-04-23T12:10:00Z")));
  }

  @Test
  void constructor_validatesAsOfDoes() {
    assertThatThrownBy(() -> new Schedule(Duration.ofHours(1), Duration.ofMinutes(70), Duration.ofMinutes(-10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latest must be a non-negative whole number of minutes but was PT-10M");
    assertThatThrownBy(() -> new Schedule(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(10)))
        .hasMessage("interval must be a positive whole number of minutes but was PT0S");
  }

  @Test
  void equalsAndHashCode_areByValue() {
    Schedule same = new Schedule(Duration.ofMinutes(60), Duration.ofMinutes(70), Duration.ofMinutes(10));
    assertThat(same).isEqualTo(S).hasSameHashCodeAs(S).isNotSameAs(S);
    assertThat(Schedule.of(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO)).isNotEqualTo(S);
    assertThat(Schedule.of(Duration.ofMinutes(30), Duration.ofMinutes(40), Duration.ofMinutes(10))).isNotEqualTo(S);
    assertThat(same.earliest()).isEqualTo(Duration.ofMinutes(70));
    assertThat(same.latest()).isEqualTo(same.lag()).isEqualTo(Duration.ofMinutes(10));
  }
}
