// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.StreamingDetection;
import io.tunnelwatch.core.tck.Seeds;
import io.tunnelwatch.core.tck.conformance.CanonicalRow;
import io.tunnelwatch.core.tck.conformance.ConformanceCases;
import io.tunnelwatch.core.tck.conformance.EngineOutput;
import io.tunnelwatch.kafka.internal.Observation;
import io.tunnelwatch.kafka.internal.TickPartitioner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Laws of the topology over seeded random input: it emits exactly what the in-process streaming
 * detection emits for the same arrival order (canonical form), whatever the disorder and lateness.
 */
@ExtendWith(Seeds.class)
final class DetectionTopologyProperties {
  private static final int RUNS = 6;
  private static final int EVENTS = 300;

  /** Events over five hours from four hosts, arriving mostly in order, some shuffled, some very late. */
  private static List<ProcessEvent> arrivals(Random r) {
    Instant base = ConformanceCases.t("11:00:00");
    List<ProcessEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      Instant t = base.plusNanos((long) (r.nextDouble() * 5 * 3600e9));
      String time = t.toString().substring(11, t.toString().length() - 1);
      String dest = (r.nextInt(5) == 0 ? "BUILD-0" : "WS-0") + r.nextInt(3);
      events.add(switch (r.nextInt(3)) {
        case 0 -> event(time, dest, r.nextBoolean() ? "devtunnel.exe" : "DevTunnel.EXE", "devtunnel.dll");
        case 1 -> event(time, dest, "renamed.exe", "devtunnel.dll");
        default -> event(time, dest, "cmd.exe", "Cmd.Exe");
      });
    }
    events.sort((a, b) -> a.time().compareTo(b.time()));
    for (int i = 0; i < events.size(); i++) {
      int j = Math.min(events.size() - 1, i + r.nextInt(r.nextInt(10) == 0 ? 150 : 8));
      Collections.swap(events, i, j);
    }
    return events;
  }

  private static Detection detection() {
    return Detection.builder()
        .addFilter(AllowlistFilter.parse(ConformanceCases.ALLOWLIST, "random", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)))
        .build();
  }

  @Test
  void topology_emitsWhatStreamingDetectionEmits_forAnyArrivalOrder() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    for (int run = 0; run < RUNS; run++) {
      List<ProcessEvent> arrivals = arrivals(r);
      Instant end = arrivals.stream().map(ProcessEvent::time).max(Instant::compareTo).orElseThrow().plus(Duration.ofHours(2));
      Detection d = detection();
      List<DetectionReport> reports = new ArrayList<>();
      StreamingDetection streaming = d.streaming(reports::add).eventTime(Duration.ZERO).build();
      arrivals.forEach(streaming::accept);
      streaming.advanceTo(end);

      EngineOutput kafka;
      try (TopologyRun t = new TopologyRun(
          // In memory: the test driver commits after every record, and a RocksDB flush each time is slow.
          TopologyRun.builder(d).addFormat(new CaseLineFormat()).inMemoryStore().build())) {
        arrivals.forEach(e -> t.send(CaseLineFormat.line(e)));
        t.send(CaseLineFormat.line(event(end.toString().substring(11, 19), "WS-99", "notepad.exe", "x")));
        kafka = t.output();
      }
      List<CanonicalRow> expected = EngineOutput.of(reports).canonical();
      assertThat(expected).as("seed %d: the input has late rows", seed).anyMatch(CanonicalRow::late);
      assertThat(kafka.canonical()).as("seed %d, run %d", seed, run).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void ticks_goToEveryPartition_andEventsToOneByTheirGroup() {
    StreamPartitioner<byte[], Observation> p = new TickPartitioner();
    assertThat(p.partitions("t", new byte[0], new Observation(Instant.EPOCH, true), 6)).hasValue(Set.of(0, 1, 2, 3, 4, 5));
    byte[] key = {1, 2, 3, 4};
    Set<Integer> one = p.partitions("t", key, new Observation(Instant.EPOCH, false), 6).orElseThrow();
    assertThat(one).hasSize(1);
    assertThat(p.partitions("t", key.clone(), new Observation(Instant.now(), false), 6)).hasValue(one);
  }
}
