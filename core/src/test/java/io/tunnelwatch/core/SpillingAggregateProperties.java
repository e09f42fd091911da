// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.spi.FilterDecision;
import io.tunnelwatch.core.tck.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN's merge law for the batch path: with a budget so small that the groups spill to disk
 * many times, the report equals the one of an unbounded evaluation, row for row and in order, and
 * nothing is left on disk. Seeded (the seed is in every message).
 */
@ExtendWith(Seeds.class)
final class SpillingAggregateProperties {
  private static final Instant BASE = Instant.parse("2024-04-23T08:00:00Z");

  /** Values that stress the run format: repeats, empty-looking, non-ASCII, NUL, lone surrogates, long. */
  private static final String[] ODD = {
    "devtunnel.exe", "DevTunnel.EXE", "C:\\Users\\Zoë\\devtunnel.exe", "\u0000nul", "\ud800lone", "lone\udfff",
    "\ud83d\ude80 rocket", "a".repeat(3000), "", "-", "x\ty\nz", "\u00e9\u4e2d\u6587",
  };

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private static String value(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> ODD[r.nextInt(ODD.length)];
      case 1 -> "v" + r.nextInt(3);
      default -> Integer.toString(r.nextInt(1000));
    };
  }

  private static ProcessEvent event(Random r) {
    Instant t = BASE.plusNanos((long) (r.nextDouble() * 6 * 3600e9));
    ProcessEvent.Builder b = ProcessEvent.builder(t, origin(r));
    for (Field f : Field.values()) {
      if (r.nextInt(3) > 0) {
        b.set(f, value(r));
      }
    }
    // two thirds match the predicate
    return b.set(Field.PROCESS_NAME, r.nextInt(3) > 0 ? "devtunnel.exe" : "cmd.exe").build();
  }

  private static List<ProcessEvent> events(Random r, int n) {
    List<ProcessEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // repeat an earlier event now and then, so that groups spill more than once and must merge
      events.add(!events.isEmpty() && r.nextInt(4) == 0 ? copy(events.get(r.nextInt(events.size())), r) : event(r));
    }
    return events;
  }

  /** Origins that tie often (few sources and lines) and stress the run format (odd source names). */
  private static EventOrigin origin(Random r) {
    String source = r.nextInt(4) == 0 ? ODD[r.nextInt(ODD.length)] : "file-" + r.nextInt(3) + ".xml";
    return new EventOrigin(r.nextBoolean() ? "sysmon" : "security-4688", source, r.nextInt(4));
  }

  /** The same group again, at a new time or (half the time) at the same time from elsewhere: origins must tie-break. */
  private static ProcessEvent copy(ProcessEvent e, Random r) {
    ProcessEvent.Builder b = r.nextBoolean()
        ? ProcessEvent.builder(e.time(), origin(r))
        : ProcessEvent.builder(BASE.plusSeconds(r.nextInt(100_000)), origin(r));
    for (Field f : Field.values()) {
      b.set(f, e.groupKey().get(f));
    }
    return b.build();
  }

  @RepeatedTest(10)
  void spilledReport_equalsTheUnboundedReport() throws Exception {
    long seed = Seeds.take();
    Random r = new Random(seed);
    List<ProcessEvent> events = events(r, 200 + r.nextInt(800));
    // a filter that suppresses some rows, so kept and suppressed rows both stream in order
    Detection.Builder common = Detection.builder()
        .addFilter(row -> row.get(Field.USER).startsWith("v1") ? FilterDecision.suppress("v1") : FilterDecision.keep());
    Detection unbounded = common.aggregationBudget(Long.MAX_VALUE).build();
    Detection tiny = common.aggregationBudget(10_000 + r.nextInt(50_000)).tempDirectory(tmp).build();

    BatchDetection expected = unbounded.batch();
    BatchDetection spilled = tiny.batch();
    events.forEach(expected::accept);
    events.forEach(spilled::accept);
    assertThat(expected.spills()).isZero();
    assertThat(spilled.spills()).as("seed %d", seed).isGreaterThan(1);

    DetectionReport want = expected.finish();
    List<DetectionResult> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    BatchDetection.Totals totals = spilled.finish(kept::add, suppressed::add);
    assertThat(kept).as("seed %d", seed).isEqualTo(want.results());
    assertThat(suppressed).as("seed %d", seed).isEqualTo(want.suppressed());
    assertThat(totals).as("seed %d", seed).isEqualTo(new BatchDetection.Totals(
        want.matchedEvents(), want.results().size(), want.suppressed().size(), want.filterFailuresByFilter()));
    assertThat(want.suppressed()).as("seed %d: not vacuous", seed).isNotEmpty();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("seed %d: runs deleted", seed).isEmpty();
    }
  }

  @Test
  void manyRuns_mergeInSeveralPasses_withTheSameRows() {
    Random r = new Random(7);
    List<ProcessEvent> events = events(r, 400);
    // one group per run: far more runs than are merged at once
    Detection tiny = Detection.builder().aggregationBudget(1).tempDirectory(tmp).build();
    BatchDetection spilled = tiny.batch();
    events.forEach(spilled::accept);
    assertThat(spilled.spills()).isGreaterThan(2 * SpillingAggregate.MAX_FAN_IN);
    DetectionReport got = spilled.finish();
    assertThat(got.results()).isEqualTo(Detection.builder().aggregationBudget(Long.MAX_VALUE).build().evaluate(events).results());
  }

  @Test
  void close_deletesTheRuns_ofAnAbandonedEvaluation() throws Exception {
    BatchDetection spilled = Detection.builder().aggregationBudget(1).tempDirectory(tmp).build().batch();
    events(new Random(3), 100).forEach(spilled::accept);
    try (Stream<Path> dirs = Files.list(tmp)) {
      assertThat(dirs).hasSize(1);
    }
    spilled.close();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aMissingTempDirectory_failsAtTheSpill_namingIt() {
    Path missing = tmp.resolve("missing");
    BatchDetection spilled = Detection.builder().aggregationBudget(1).tempDirectory(missing).build().batch();
    ProcessEvent e = TestEvents.devtunnel("2024-04-23T08:00:00Z", "h");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> spilled.accept(e))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aggregationBudget_mustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Detection.builder().aggregationBudget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aggregationBudget must be positive but was 0");
  }
}
