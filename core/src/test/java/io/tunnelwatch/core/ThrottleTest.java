// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ThrottleTest {
  private static ProcessEvent devtunnel(String time, String dest, String command) {
    ProcessEvent e = TestEvents.devtunnel(time, dest);
    ProcessEvent.Builder b = ProcessEvent.builder(e.time(), e.origin());
    for (Field f : Field.values()) {
      b.set(f, e.get(f));
    }
    return b.set(Field.PROCESS, command).build();
  }

  @Test
  void repeatOfDestAndProcessName_withinTheDuration_isSuppressedAndNamesTheKeptRow() {
    Detection d = Detection.builder().addFilter(Throttle.of(Duration.ofHours(24))).build();
    DetectionReport r = d.evaluate(List.of(
        devtunnel("2024-04-23T10:00:00Z", "h1", "devtunnel host -p 8080"),
        devtunnel("2024-04-23T12:00:00Z", "h1", "devtunnel user login -g"),
        devtunnel("2024-04-23T12:00:00Z", "h2", "devtunnel user login -g"),
        devtunnel("2024-04-25T12:00:00Z", "h1", "devtunnel.exe connect x")));
    assertThat(r.results()).extracting(row -> row.get(Field.DEST) + " " + row.get(Field.PROCESS))
        .containsExactly("h1 devtunnel host -p 8080", "h2 devtunnel user login -g", "h1 devtunnel.exe connect x");
    assertThat(r.suppressed()).singleElement().satisfies(s -> {
      assertThat(s.filter()).isEqualTo("throttle");
      assertThat(s.result().get(Field.PROCESS)).isEqualTo("devtunnel user login -g");
      assertThat(s.reason()).isEqualTo("throttled: same dest, process_name as the row kept with firstTime "
          + "2024-04-23T10:00:00Z, within PT24H");
    });
  }

  @Test
  void chosenFields_decideWhatARepeatIs() {
    Detection d = Detection.builder().addFilter(Throttle.of(Duration.ofHours(1), List.of(Field.USER))).build();
    DetectionReport r = d.evaluate(List.of(
        devtunnel("2024-04-23T10:00:00Z", "h1", "a"), devtunnel("2024-04-23T10:30:00Z", "h2", "b")));
    assertThat(r.results()).hasSize(1);
    assertThat(r.suppressed()).hasSize(1);
  }

  @Test
  void streaming_throttlesAcrossWindows_andARowDeliveredAgainIsNotARepeatOfItself() {
    Detection d = Detection.builder().addFilter(Throttle.of(Duration.ofHours(3))).build();
    List<DetectionReport> reports = new ArrayList<>();
    int[] calls = {0};
    StreamingDetection s = d.streaming(rep -> {
      if (calls[0]++ == 0) {
        throw new IllegalStateException("listener down"); // the first window is delivered again
      }
      reports.add(rep);
    }).build();
    s.accept(devtunnel("2024-04-23T10:00:00Z", "h1", "devtunnel host"));
    s.advanceTo(Instant.parse("2024-04-23T11:00:00Z"));
    s.accept(devtunnel("2024-04-23T11:30:00Z", "h1", "devtunnel host"));
    s.accept(devtunnel("2024-04-23T14:30:00Z", "h1", "devtunnel host"));
    s.advanceTo(Instant.parse("2024-04-23T18:00:00Z"));
    assertThat(reports).extracting(rep -> rep.results().size() + "/" + rep.suppressed().size())
        .containsExactly("1/0", "0/1", "1/0");
  }

  @Test
  void badConfiguration_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> Throttle.of(Duration.ZERO)).hasMessage("throttle duration must be positive but was PT0S");
    assertThatThrownBy(() -> Throttle.of(Duration.ofHours(1), List.of()))
        .hasMessage("a throttle needs at least one field but was given none");
    assertThatThrownBy(() -> Throttle.of(Duration.ofHours(1), List.of(Field.DEST, Field.DEST)))
        .hasMessage("throttle fields must differ but were dest, dest");
  }
}
