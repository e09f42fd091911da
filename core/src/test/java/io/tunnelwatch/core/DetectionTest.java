// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DetectionTest {
  private static final List<ProcessEvent> EVENTS = List.of(
      TestEvents.devtunnel("2024-04-23T12:10:00.900Z", "dev-laptop"),
      TestEvents.devtunnel("2024-04-23T12:20:00Z", "dev-laptop"),
      TestEvents.devtunnel("2024-04-23T12:15:00Z", "fin-server"),
      TestEvents.event(Instant.parse("2024-04-23T12:00:00Z"), "fin-server", "cmd.exe", "Cmd.Exe"));

  private static DetectionFilter suppressDest(String dest) {
    return new DetectionFilter() {
      @Override
      public String name() {
        return "no-" + dest;
      }

      @Override
      public FilterDecision decide(DetectionResult r) {
        return r.get(Field.DEST).equals(dest) ? FilterDecision.suppress(dest + " is approved") : FilterDecision.keep();
      }
    };
  }

  @Test
  void reportAndReportLate_sayWhetherTheRowsAreLate_andBothRunTheFilters() {
    Detection d = Detection.builder().addFilter(suppressDest("fin-server")).build();
    DetectionAggregate a = new DetectionAggregate();
    EVENTS.subList(0, 3).forEach(a::add); // the devtunnel events: an aggregate holds matches only
    Window w = new Window(Instant.parse("2024-04-23T12:00:00Z"), Instant.parse("2024-04-23T13:00:00Z"));
    DetectionReport onTime = d.report(a, w);
    DetectionReport late = d.reportLate(a, w);
    assertThat(onTime.late()).isFalse();
    assertThat(onTime.results()).singleElement().satisfies(r -> assertThat(r.late()).isFalse());
    assertThat(late.late()).isTrue();
    assertThat(late.results()).singleElement().satisfies(r -> assertThat(r.late()).isTrue());
    assertThat(late.suppressed()).hasSize(1);
    assertThat(late.window()).isEqualTo(w);
  }

  @Test
  void batch_groupsMatchingEvents_andSortsRowsLikeTstats() {
    DetectionReport r = Detection.builder().build().evaluate(EVENTS);
    assertThat(r.matchedEvents()).isEqualTo(3);
    assertThat(r.results()).extracting(x -> x.get(Field.DEST)).containsExactly("dev-laptop", "fin-server");
    assertThat(r.results().get(0).count()).isEqualTo(2);
    assertThat(r.results().get(0).firstTime()).isEqualTo(Instant.parse("2024-04-23T12:10:00.900Z"));
    assertThat(r.window()).isNull();
    assertThat(r.riskEvents()).hasSize(2);
  }

  @Test
  void batch_respectsEarliestInclusive_latestExclusive() {
    BatchDetection b = Detection.builder().build()
        .batch(Instant.parse("2024-04-23T12:15:00Z"), Instant.parse("2024-04-23T12:20:00Z"));
    EVENTS.forEach(b::accept);
    assertThat(b.outOfRange()).isEqualTo(3);
    assertThat(b.finish().results()).singleElement().satisfies(x -> assertThat(x.get(Field.DEST)).isEqualTo("fin-server"));
    assertThatThrownBy(() -> Detection.builder().build().batch(Instant.EPOCH, Instant.EPOCH))
        .hasMessageContaining("earliest must be before latest");
  }

  @Test
  void filters_suppressRows_withFilterAndReason_andKeepTheRest() {
    Detection d = Detection.builder().addFilter(suppressDest("dev-laptop")).build();
    DetectionReport r = d.evaluate(EVENTS);
    assertThat(r.results()).extracting(x -> x.get(Field.DEST)).containsExactly("fin-server");
    assertThat(r.suppressed()).singleElement().satisfies(s -> {
      assertThat(s.filter()).isEqualTo("no-dev-laptop");
      assertThat(s.reason()).isEqualTo("dev-laptop is approved");
      assertThat(s.result().count()).isEqualTo(2);
    });
    assertThat(r.riskEvents()).extracting(RiskEvent::riskObject).containsExactly("fin-server");
    assertThat(r.matchedEvents()).as("matches count before filters").isEqualTo(3);
  }

  @Test
  void filters_runInRegistrationOrder_firstSuppressionWins() {
    Detection d = Detection.builder()
        .addFilter(suppressDest("dev-laptop"))
        .addFilter(r -> FilterDecision.suppress("everything"))
        .build();
    DetectionReport r = d.evaluate(EVENTS);
    assertThat(r.suppressed()).extracting(Suppression::reason).containsExactly("dev-laptop is approved", "everything");
    assertThat(r.results()).isEmpty();
  }

  @Test
  void aFilterThatThrows_keepsTheRow_andIsCounted() {
    Detection d = Detection.builder().addFilter(r -> {
      throw new IllegalStateException("boom");
    }).build();
    DetectionReport r = d.evaluate(EVENTS);
    assertThat(r.results()).hasSize(2);
    assertThat(r.filterFailures()).isEqualTo(2);
  }

  @Test
  void suppression_needsAReason() {
    assertThatThrownBy(() -> FilterDecision.suppress(" ")).hasMessageContaining("reason");
    assertThat(FilterDecision.keep().suppressed()).isFalse();
  }
}
