// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class DetectionAggregateTest {
  private static final Window W = new Window(Instant.parse("2024-04-23T12:00:00Z"), Instant.parse("2024-04-23T13:00:00Z"));

  private static DetectionAggregate twoHosts() {
    DetectionAggregate a = new DetectionAggregate();
    a.add(TestEvents.devtunnel("2024-04-23T12:20:00Z", "fin-server"));
    a.add(TestEvents.devtunnel("2024-04-23T12:10:00Z", "dev-laptop"));
    a.add(TestEvents.devtunnel("2024-04-23T12:30:00Z", "dev-laptop"));
    return a;
  }

  @Test
  void toResults_areOnTimeRowsOfTheWindow_sortedByGroup() {
    assertThat(twoHosts().toResults(W))
        .allSatisfy(r -> {
          assertThat(r.late()).isFalse();
          assertThat(r.window()).isEqualTo(W);
        })
        .extracting(r -> r.get(Field.DEST), DetectionResult::count)
        .containsExactly(tuple("dev-laptop", 2L), tuple("fin-server", 1L));
  }

  @Test
  void toResults_withoutWindow_areRowsWithoutWindow() {
    assertThat(twoHosts().toResults(null)).hasSize(2).allSatisfy(r -> {
      assertThat(r.window()).isNull();
      assertThat(r.late()).isFalse();
    });
  }

  @Test
  void toLateResults_areTheSameRows_sayingLate() {
    DetectionAggregate a = twoHosts();
    assertThat(a.toLateResults(W)).hasSize(2).allSatisfy(r -> {
      assertThat(r.late()).isTrue();
      assertThat(r.window()).isEqualTo(W);
    });
    assertThat(a.toLateResults(W)).extracting(DetectionResult::group)
        .containsExactlyElementsOf(a.toResults(W).stream().map(DetectionResult::group).toList());
  }

  @Test
  @SuppressWarnings("NullAway") // the null that a caller without NullAway can pass
  void toLateResults_requireTheWindow() {
    assertThatThrownBy(() -> twoHosts().toLateResults(null))
        .isInstanceOf(NullPointerException.class).hasMessage("window");
  }
}
