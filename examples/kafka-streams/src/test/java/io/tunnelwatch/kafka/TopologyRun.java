// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.tck.conformance.EngineOutput;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DetectionTopology} under {@link TopologyTestDriver}: raw lines in, the four output topics
 * out, and the results read back into the core's types.
 */
final class TopologyRun implements AutoCloseable {
  static final String INPUT = "raw-lines";
  static final String OTHER_INPUT = "more-raw-lines";
  private static final ObjectMapper JSON = new ObjectMapper();

  final DetectionTopology topology;
  private final Path stateDir;
  final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> input;
  private final TestInputTopic<byte[], byte[]> otherInput;
  final TestOutputTopic<String, String> results;
  final TestOutputTopic<String, String> risk;
  final TestOutputTopic<String, String> suppressed;
  final TestOutputTopic<byte[], byte[]> deadLetters;

  TopologyRun(DetectionTopology topology) {
    this(topology, Instant.now());
  }

  /** A run whose wall clock (of punctuations and metrics) starts at {@code wallClock}. */
  TopologyRun(DetectionTopology topology, Instant wallClock) {
    this.topology = topology;
    this.stateDir = tempStateDir();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "tunnelwatch-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    this.driver = new TopologyTestDriver(topology.build(), p, wallClock);
    this.input = driver.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
    this.otherInput = driver.createInputTopic(OTHER_INPUT, new ByteArraySerializer(), new ByteArraySerializer());
    this.results = driver.createOutputTopic(topology.resultsTopic(), new StringDeserializer(), new StringDeserializer());
    this.risk = driver.createOutputTopic(topology.riskTopic(), new StringDeserializer(), new StringDeserializer());
    this.suppressed = driver.createOutputTopic(topology.suppressedTopic(), new StringDeserializer(), new StringDeserializer());
    this.deadLetters = driver.createOutputTopic(topology.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The default detection over the input topics, reading {@link CaseLineFormat} lines. */
  static DetectionTopology caseTopology() {
    return builder(io.tunnelwatch.core.Detection.builder().build()).addFormat(new CaseLineFormat()).build();
  }

  static DetectionTopology.Builder builder(io.tunnelwatch.core.Detection detection) {
    return DetectionTopology.builder(detection).inputTopics(INPUT, OTHER_INPUT);
  }

  /**
   * Sends one record. Its Kafka timestamp is the epoch: the driver runs every sub-topology in one
   * task, so a producer's wall-clock timestamp would move the windowing stage's stream time, which
   * on a cluster only the repartitioned event times do.
   */
  void send(String value) {
    send(INPUT, value);
  }

  /** Sends one record to {@code topic}, {@link #INPUT} or {@link #OTHER_INPUT}. */
  void send(String topic, String value) {
    (topic.equals(INPUT) ? input : otherInput).pipeInput(new TestRecord<byte[], byte[]>(null, value.getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
  }

  void sendBytes(byte[] key, byte @Nullable [] value) {
    input.pipeInput(new TestRecord<>(key, value, Instant.EPOCH));
  }

  /** Lets the wall-clock time of one late flush pass, so that pending late events are emitted. */
  void flushLate() {
    driver.advanceWallClockTime(topology.lateFlush());
  }

  /** Flushes late events, then returns everything emitted so far. */
  EngineOutput output() {
    flushLate();
    return new EngineOutput(resultRows(), suppressions(), risk.readValuesToList());
  }

  /** The result rows emitted so far, read back from their JSON. */
  List<DetectionResult> resultRows() {
    List<DetectionResult> rows = new ArrayList<>();
    results.readValuesToList().forEach(v -> rows.add(row(tree(v))));
    return rows;
  }

  List<Suppression> suppressions() {
    List<Suppression> rows = new ArrayList<>();
    for (String v : suppressed.readValuesToList()) {
      JsonNode n = tree(v);
      rows.add(new Suppression(row(n), n.get("suppressed_by").asText(), n.get("reason").asText()));
    }
    return rows;
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DetectionResult row(JsonNode n) {
    List<String> values = new ArrayList<>();
    for (Field f : Field.values()) {
      values.add(n.get(f.cimName()).asText());
    }
    return new DetectionResult(
        GroupKey.of(values),
        n.get("count").asLong(),
        Instant.parse(n.get("first_time_exact").asText()),
        Instant.parse(n.get("last_time_exact").asText()),
        new Window(Instant.parse(n.get("window_start").asText()), Instant.parse(n.get("window_end").asText())),
        n.get("late").asBoolean());
  }

  private static Path tempStateDir() {
    try {
      return Files.createTempDirectory("tunnelwatch-kafka-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.close(); // also removes the state directory's contents
    try (java.util.stream.Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
