// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static io.tunnelwatch.kafka.RealLines.crowdStrikeDevtunnel;
import static io.tunnelwatch.kafka.RealLines.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deployment gets (issue 13, item 8): {@link DetectionApp} with exactly-once against a real
 * broker (one KRaft node on loopback, as {@link KafkaBrokerIT} starts it), which commits every
 * 100 ms, not after every record as {@code TopologyTestDriver} does. Produces N CrowdStrike FDR
 * lines (0.1 % devtunnel executions, one second of event time apart, so windows close and rows
 * are written) to one partition, starts the application in a child JVM, and from its first commit
 * past a fifth of them (start-up and the JIT's warm-up left out) to the commit of the last offset
 * measures records per second of wall clock and the child's CPU time per record. The broker runs
 * in this JVM, on the same cores: on a small machine it takes its share of the CPU, and the
 * wall-clock figure is the pair's.
 *
 * <p>Off unless asked for; BENCHMARKS.md has the command:
 * {@code -Dit.test=BrokerThroughputIT -Dtunnelwatch.throughput.events=N}, and
 * {@code -Dtunnelwatch.throughput.jvm="…"} adds options to the application's JVM (a profiler).
 */
@EnabledIfSystemProperty(named = "tunnelwatch.throughput.events", matches = "[0-9]+")
final class BrokerThroughputIT {
  private static final String FDR = "crowdstrike-fdr";
  private static final String APP_ID = "tunnelwatch-throughput";
  private static final Duration PATIENCE = Duration.ofMinutes(20);

  @Test
  void detectionApp_consumesEveryRecord_atTheRateItReports(@TempDir Path dir) throws Exception {
    int events = Integer.getInteger("tunnelwatch.throughput.events", 0);
    String real = resource("/crowdstrike/panther_fdr_processrollup2_win.jsonl").get(0);
    KafkaClusterTestKit cluster = KafkaBrokerIT.broker(dir.resolve("broker"));
    try {
      String bootstrap = cluster.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(Stream.of(FDR, "tunnelwatch-results", "tunnelwatch-risk", "tunnelwatch-suppressed",
            "tunnelwatch-dead-letters").map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get();
        long produceStart = System.nanoTime();
        produce(bootstrap, real, events);
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        TopicPartition tp = new TopicPartition(FDR, 0);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        assertThat(end).isEqualTo(events);

        Process app = start(dir, bootstrap);
        try {
          ProcessHandle handle = app.toHandle();
          long deadline = System.nanoTime() + PATIENCE.toNanos();
          long firstOffset = -1;
          long t0 = 0;
          Duration cpu0 = Duration.ZERO;
          while (true) {
            long committed = committed(admin, tp);
            long now = System.nanoTime();
            Duration cpu = handle.info().totalCpuDuration().orElseThrow();
            if (firstOffset < 0 && committed >= end / 5) { // after start-up and the JIT's warm-up
              firstOffset = committed;
              t0 = now;
              cpu0 = cpu;
            }
            if (committed >= end) {
              long records = end - firstOffset;
              double seconds = (now - t0) / 1e9;
              double cpuSeconds = cpu.minus(cpu0).toNanos() / 1e9;
              String report = String.format(Locale.ROOT,
                  "BrokerThroughputIT: %d FDR records produced in %.1f s; DetectionApp (exactly_once_v2) consumed"
                      + " the last %d (from its first commit past a fifth of them) in %.2f s: %.0f records/s of"
                      + " wall clock, %.0f records/s of its process CPU (%.1f us CPU per record; %d cores)%n",
                  events, produceSeconds, records, seconds, records / seconds, records / cpuSeconds,
                  cpuSeconds * 1e6 / records, Runtime.getRuntime().availableProcessors());
              System.out.print(report);
              Files.writeString(Path.of("target", "broker-throughput.txt"), report, StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE, StandardOpenOption.APPEND);
              assertThat(records).as("measured over more than one commit").isGreaterThan(0);
              return;
            }
            if (!app.isAlive()) {
              throw new AssertionError("the application exited with " + app.exitValue() + " at offset " + committed);
            }
            if (now > deadline) {
              throw new AssertionError("committed " + committed + " of " + end + " after " + PATIENCE);
            }
            Thread.sleep(50);
          }
        } finally {
          app.destroy();
          if (!app.waitFor(60, TimeUnit.SECONDS)) {
            app.destroyForcibly();
          }
        }
      }
    } finally {
      cluster.close();
    }
  }

  /**
   * {@code count} FDR lines made from a real one: every 1,000th a devtunnel execution, the others
   * cmd.exe; event time one second apart, on 50 hosts.
   */
  private static void produce(String bootstrap, String real, int count) throws IOException {
    Instant start = Instant.parse("2024-06-01T00:00:00Z");
    String devtunnel = crowdStrikeDevtunnel(real, "HOST", start);
    String other = devtunnel.replace("\\\\Tools\\\\devtunnel.exe", "\\\\Windows\\\\System32\\\\cmd.exe");
    if (other.equals(devtunnel)) {
      throw new IllegalStateException("the template line has no devtunnel path to replace");
    }
    String millis = Long.toString(start.toEpochMilli());
    AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 18),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        String template = i % 1000 == 999 ? devtunnel : other;
        String line = template.replace("\"HOST\"", "\"WS-" + (i % 50) + "\"")
            .replace(millis, Long.toString(start.toEpochMilli() + i * 1000L));
        Future<RecordMetadata> unused = producer.send(new ProducerRecord<>(FDR, line.getBytes(StandardCharsets.UTF_8)),
            (metadata, e) -> failure.compareAndSet(null, e));
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IOException("producing the lines failed", failure.get());
    }
  }

  private static long committed(Admin admin, TopicPartition tp) throws Exception {
    OffsetAndMetadata c = admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get().get(tp);
    return c == null ? 0 : c.offset();
  }

  /** DetectionApp in a child JVM, its defaults but exactly-once said. */
  private static Process start(Path dir, String bootstrap) throws IOException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    String more = System.getProperty("tunnelwatch.throughput.jvm", ""); // a profiler, say
    if (!more.isBlank()) {
      jvm.addAll(List.of(more.trim().split("\\s+")));
    }
    return KafkaBrokerIT.startApp(dir.resolve("app.log"), jvm, List.of(
        "application.id=" + APP_ID,
        "bootstrap.servers=" + bootstrap,
        "state.dir=" + dir.resolve("state"),
        "replication.factor=1",
        "processing.guarantee=exactly_once_v2",
        "tunnelwatch.input.topics=" + FDR));
  }
}
