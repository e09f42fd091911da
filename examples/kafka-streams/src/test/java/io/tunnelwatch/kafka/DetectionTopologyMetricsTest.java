// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.t;
import static io.tunnelwatch.kafka.CaseLineFormat.devtunnelLine;
import static io.tunnelwatch.kafka.CaseLineFormat.otherLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

final class DetectionTopologyMetricsTest {
  private static final Set<String> NAMES = Set.of(
      "events-seen-total", "events-matched-total", "dead-letters-total", "time-reached", "lag-behind-clock-ms",
      "late-events-total", "windows-reported-total", "groups-held");
  private static final Instant WALL_CLOCK = t("15:00:00");

  /** The tunnelwatch metrics by name, as Kafka Streams reports them. */
  private static Map<String, Object> metrics(TopologyRun run) {
    Map<String, Object> m = new TreeMap<>();
    run.driver.metrics().forEach((name, metric) -> {
      if (name.group().equals(DetectionTopology.METRIC_GROUP)) {
        m.put(name.name(), metric.metricValue());
      }
    });
    return m;
  }

  private static double ms(String time) {
    return t(time).toEpochMilli();
  }

  @Test
  void metricNames_areTheDocumentedOnes_taggedWithThreadTaskAndDetection() throws IOException {
    try (TopologyRun run = new TopologyRun(TopologyRun.caseTopology(), WALL_CLOCK)) {
      assertThat(metrics(run).keySet()).isEqualTo(Set.copyOf(NAMES));
      for (MetricName n : run.driver.metrics().keySet()) {
        if (n.group().equals(DetectionTopology.METRIC_GROUP)) {
          assertThat(n.tags().keySet()).as(n.name()).containsExactly("thread-id", "task-id", "detection");
          assertThat(n.tags()).containsEntry("task-id", "0_0").containsEntry("detection", "tunnelwatch");
          assertThat(n.description()).isNotBlank();
        }
      }
    }
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains(DetectionTopology.METRIC_GROUP);
    NAMES.forEach(n -> assertThat(readme).as("README documents %s", n).contains("`" + n + "`"));
  }

  @Test
  void beforeAnyEvent_countersAreZero_andTheTimeAndLagAreNaN() {
    try (TopologyRun run = new TopologyRun(TopologyRun.caseTopology(), WALL_CLOCK)) {
      assertThat(metrics(run))
          .containsEntry("events-seen-total", 0.0).containsEntry("dead-letters-total", 0.0)
          .containsEntry("groups-held", 0.0).containsEntry("windows-reported-total", 0.0)
          .containsEntry("time-reached", Double.NaN).containsEntry("lag-behind-clock-ms", Double.NaN);
    }
  }

  @Test
  void metrics_countWhatTheTopologyDid() {
    try (TopologyRun run = new TopologyRun(TopologyRun.caseTopology(), WALL_CLOCK)) {
      run.send(devtunnelLine("12:55:00", "WS-01"));
      run.sendBytes("k".getBytes(StandardCharsets.UTF_8), "tw-case\tnot-a-time\tx".getBytes(StandardCharsets.UTF_8));
      run.send(devtunnelLine("13:10:00", "WS-02") + "\n" + devtunnelLine("13:20:00", "WS-02"));
      assertThat(metrics(run))
          .containsEntry("events-seen-total", 3.0).containsEntry("events-matched-total", 3.0)
          .containsEntry("dead-letters-total", 1.0).containsEntry("groups-held", 2.0)
          .containsEntry("windows-reported-total", 0.0).containsEntry("late-events-total", 0.0)
          .containsEntry("time-reached", ms("13:20:00"))
          .containsEntry("lag-behind-clock-ms", ms("15:00:00") - ms("13:20:00"));

      run.send(otherLine("14:00:00")); // the run time of [12:50, 13:50): both groups reported
      run.send(otherLine("13:59:00")); // older than the time reached: the time stays
      assertThat(run.resultRows()).hasSize(2);
      assertThat(metrics(run))
          .containsEntry("events-seen-total", 5.0).containsEntry("events-matched-total", 3.0)
          .containsEntry("windows-reported-total", 1.0).containsEntry("groups-held", 0.0)
          .containsEntry("time-reached", ms("14:00:00")).containsEntry("lag-behind-clock-ms", 3_600_000.0);

      run.send(devtunnelLine("13:00:00", "WS-03"));
      run.send(devtunnelLine("13:30:00", "WS-03"));
      run.send(devtunnelLine("14:05:00", "WS-03")); // on time, in the next window
      assertThat(metrics(run))
          .containsEntry("late-events-total", 2.0).containsEntry("groups-held", 2.0)
          .containsEntry("time-reached", ms("14:05:00"));

      run.flushLate(); // the late (window, group) is reported, and the wall clock moves on
      assertThat(run.resultRows()).singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(2));
      assertThat(metrics(run))
          .containsEntry("windows-reported-total", 2.0).containsEntry("groups-held", 1.0)
          .containsEntry("lag-behind-clock-ms",
              ms("15:00:00") + run.topology.lateFlush().toMillis() - ms("14:05:00"));
    }
  }
}
