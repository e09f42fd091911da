// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.t;
import static io.tunnelwatch.kafka.RealLines.crowdStrikeDevtunnel;
import static io.tunnelwatch.kafka.RealLines.resource;
import static io.tunnelwatch.kafka.RealLines.security4688Devtunnel;
import static io.tunnelwatch.kafka.RealLines.sysmon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DetectionApp} against a real broker (one KRaft node on loopback, in this JVM, as Kafka's
 * own tests start one) with exactly-once: the application runs as a child JVM, is killed hard
 * ({@code kill -9}) while a window is open, and a second instance with the same
 * {@code application.id} restores the window from its changelog. Read with
 * {@code read_committed}, every window is reported exactly once with every event counted, late
 * events come out as late rows, and the dead-letter topic holds each bad record once.
 *
 * <p>Deterministic: windows are event-time windows closed by the event times of the input (ticks),
 * never by the wall clock; only the late flush runs on the wall clock, and the test waits for it.
 */
final class KafkaBrokerIT {
  private static final String WINDOWS = "wineventlog";
  private static final String FDR = "crowdstrike-fdr";
  private static final String RESULTS = "tunnelwatch-results";
  private static final String RISK = "tunnelwatch-risk";
  private static final String SUPPRESSED = "tunnelwatch-suppressed";
  private static final String DEAD = "tunnelwatch-dead-letters";
  private static final String APP_ID = "tunnelwatch-it";
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void hardKillInAnOpenWindow_thenRestart_reportsEveryWindowOnce_lateAsLate_badRecordsAsDeadLetters(
      @TempDir Path dir) throws Exception {
    String sysmonReal = resource("/sysmon/sysmon_eventid_1.example_log.xml").get(0);
    String securityReal = resource("/winsecurity-4688/windows_event_log_security_4688.example_log.xml").get(0);
    String fdrReal = resource("/crowdstrike/panther_fdr_processrollup2_win.jsonl").get(0);
    String devtunnel = "C:\\Tools\\devtunnel.exe";
    String cmd = "C:\\Windows\\System32\\cmd.exe";
    List<String> bad = List.of(
        sysmonReal.substring(0, sysmonReal.length() / 2),
        "{\"event_simpleName\":\"ProcessRollup2\",\"timestamp\":",
        securityReal.substring(0, securityReal.length() / 3));

    KafkaClusterTestKit cluster = broker(dir.resolve("broker"));
    try {
      String bootstrap = cluster.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
          KafkaProducer<String, String> producer = producer(bootstrap)) {
        admin.createTopics(Stream.of(WINDOWS, FDR, RESULTS, RISK, SUPPRESSED, DEAD)
            .map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get();

        // Window [10:50, 11:50): run time 12:00, closed by the cmd.exe event at 12:00.
        send(producer, WINDOWS, sysmon(sysmonReal, devtunnel, "devtunnel.dll", "WS-SYS-01", t("11:00:00")));
        send(producer, WINDOWS, security4688Devtunnel(securityReal, "WS-SEC-01", t("11:05:00")));
        send(producer, FDR, crowdStrikeDevtunnel(fdrReal, "WS-CS-01", t("11:10:00")));
        send(producer, WINDOWS, bad.get(0));
        send(producer, WINDOWS, sysmon(sysmonReal, devtunnel, "devtunnel.dll", "WS-SYS-01", t("11:20:00")));
        send(producer, FDR, bad.get(1));
        send(producer, WINDOWS, sysmon(sysmonReal, cmd, "Cmd.Exe", "WS-SYS-01", t("12:00:00")));
        // Window [11:50, 12:50) opens.
        send(producer, WINDOWS, sysmon(sysmonReal, devtunnel, "devtunnel.dll", "WS-SYS-01", t("12:05:00")));
        send(producer, FDR, crowdStrikeDevtunnel(fdrReal, "WS-CS-01", t("12:10:00")));

        Process first = start(dir, bootstrap, "first");
        try {
          await("the first window's 3 rows", () -> rows(bootstrap).size() >= 3, first);
          // Everything sent so far is processed and committed: the open window lives in the changelog.
          await("the input committed to its end", () -> committedToEnd(admin), first);
          // More of the open window, then kill -9 while it may be processing them.
          send(producer, FDR, crowdStrikeDevtunnel(fdrReal, "WS-CS-01", t("12:20:00")));
          send(producer, WINDOWS, security4688Devtunnel(securityReal, "WS-SEC-01", t("12:30:00")));
        } finally {
          first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        send(producer, WINDOWS, bad.get(2));
        send(producer, WINDOWS, sysmon(sysmonReal, cmd, "Cmd.Exe", "WS-SYS-01", t("13:00:00"))); // closes [11:50, 12:50)
        // Late: their window [10:50, 11:50) was reported before the kill.
        send(producer, WINDOWS, sysmon(sysmonReal, devtunnel, "devtunnel.dll", "WS-SYS-01", t("11:30:00")));
        send(producer, FDR, crowdStrikeDevtunnel(fdrReal, "WS-CS-01", t("11:40:00")));
        send(producer, FDR, crowdStrikeDevtunnel(fdrReal, "WS-CS-01", t("11:45:00")));

        Process second = start(dir, bootstrap, "second");
        try {
          await("every row", () -> rows(bootstrap).stream().mapToLong(r -> r.get("count").asLong()).sum() >= 11, second);
          await("the input committed to its end", () -> committedToEnd(admin), second);
        } finally {
          second.destroy(); // SIGTERM: a clean close, so every transaction is settled
          if (!second.waitFor(60, TimeUnit.SECONDS)) {
            second.destroyForcibly();
          }
        }

        List<JsonNode> rows = rows(bootstrap);
        // Each window's on-time rows exactly once; late events may be flushed in one row or several.
        assertThat(rows).filteredOn(r -> !r.get("late").asBoolean()).extracting(KafkaBrokerIT::describe)
            .containsExactlyInAnyOrder(
                "10:50 WS-SYS-01 Microsoft Sysmon 2",
                "10:50 WS-SEC-01 Microsoft Windows 1",
                "10:50 WS-CS-01 CrowdStrike FDR 1",
                "11:50 WS-SYS-01 Microsoft Sysmon 1",
                "11:50 WS-SEC-01 Microsoft Windows 1",
                "11:50 WS-CS-01 CrowdStrike FDR 2");
        Map<String, Long> late = rows.stream().filter(r -> r.get("late").asBoolean())
            .collect(Collectors.groupingBy(KafkaBrokerIT::group, TreeMap::new, Collectors.summingLong(r -> r.get("count").asLong())));
        assertThat(late).containsExactly(Map.entry("10:50 WS-CS-01 CrowdStrike FDR", 2L), Map.entry("10:50 WS-SYS-01 Microsoft Sysmon", 1L));
        assertThat(committed(bootstrap, RISK)).hasSize(rows.size());
        assertThat(committed(bootstrap, SUPPRESSED)).isEmpty();
        assertThat(committed(bootstrap, DEAD)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
            .containsExactlyInAnyOrderElementsOf(bad);
      }
    } finally {
      cluster.close();
    }
  }

  /** A row's window start, host and product. */
  private static String group(JsonNode row) {
    return row.get("window_start").asText().substring(11, 16) + " " + row.get("dest").asText() + " "
        + row.get("vendor_product").asText();
  }

  /** A row's group and count. */
  private static String describe(JsonNode row) {
    return group(row) + " " + row.get("count").asText();
  }

  /** A one-node KRaft cluster (broker and controller in one) on loopback, formatted and started. */
  static KafkaClusterTestKit broker(Path dir) throws Exception {
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(dir).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // the killed instance leaves the group after 2 s, not the default 45 s
        .setConfigProp("group.min.session.timeout.ms", "1000")
        // the events are of 2024: keep them whatever their timestamps
        .setConfigProp("log.retention.ms", "-1")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }

  /** DetectionApp in a child JVM on the application's own run-time class path. */
  private static Process start(Path dir, String bootstrap, String name) throws IOException {
    return startApp(dir.resolve(name + ".log"), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), List.of(
        "application.id=" + APP_ID,
        "bootstrap.servers=" + bootstrap,
        "state.dir=" + dir.resolve("state"),
        "replication.factor=1",
        "session.timeout.ms=2000",
        "heartbeat.interval.ms=500",
        "tunnelwatch.input.topics=" + WINDOWS + "," + FDR,
        "tunnelwatch.late-flush=PT1S"));
  }

  /**
   * DetectionApp with {@code args} in a child JVM with {@code jvmOptions} on exactly the
   * application's run-time class path (failsafe names it), its output in {@code log}.
   */
  static Process startApp(Path log, List<String> jvmOptions, List<String> args) throws IOException {
    String classes = Objects.requireNonNull(System.getProperty("tunnelwatch.app.classes"), "tunnelwatch.app.classes");
    Path classpathFile = Path.of(Objects.requireNonNull(System.getProperty("tunnelwatch.app.classpath"), "tunnelwatch.app.classpath"));
    String classpath = classes + File.pathSeparator + Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, DetectionApp.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer());
  }

  private static void send(KafkaProducer<String, String> producer, String topic, String line)
      throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(topic, line)).get();
  }

  /** Waits for {@code condition}, failing with the application's log when it dies or time runs out. */
  private static void await(String what, Check condition, Process app) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.holds()) {
      if (!app.isAlive()) {
        throw new AssertionError("the application exited with " + app.exitValue() + " before " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " after " + PATIENCE);
      }
      Thread.sleep(200);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Whether the application's committed offsets are the ends of both input topics. */
  private static boolean committedToEnd(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get();
    for (String topic : List.of(WINDOWS, FDR)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
      OffsetAndMetadata c = committed.get(tp);
      if (c == null || c.offset() < end) {
        return false;
      }
    }
    return true;
  }

  /** The result rows committed so far. */
  private static List<JsonNode> rows(String bootstrap) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : committed(bootstrap, RESULTS)) {
      rows.add(JSON.readTree(r.value()));
    }
    return rows;
  }

  /** Every committed record of {@code topic} (partition 0), as a read_committed consumer sees it. */
  private static List<ConsumerRecord<byte[], byte[]>> committed(String bootstrap, String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = Objects.requireNonNull(c.endOffsets(List.of(tp)).get(tp), "end offset"); // the last stable offset under read_committed
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
