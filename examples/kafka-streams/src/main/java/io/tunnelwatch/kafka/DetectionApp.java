// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.Detection;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection as a stand-alone Kafka Streams application.
 *
 * <pre>
 * java io.tunnelwatch.kafka.DetectionApp tunnelwatch-kafka.properties [key=value ...]
 * </pre>
 *
 * <p>The properties file (optional when everything is given as {@code key=value} arguments, which
 * win over the file) holds the Kafka Streams configuration ({@code application.id},
 * {@code bootstrap.servers}, …) and the keys of this application, all starting with
 * {@value #PREFIX}: {@code input.topics} (required, comma-separated), {@code results.topic},
 * {@code risk.topic}, {@code suppressed.topic}, {@code dead-letter.topic}, {@code allowlist} (an
 * allowlist file for {@link AllowlistFilter}), {@code zone}, {@code source-zone} (of input times written without
 * one), {@code partitions},
 * {@code late-flush} (an ISO-8601 duration) and {@code in-memory-store} ({@code true} or
 * {@code false}). {@code processing.guarantee} defaults to
 * {@code exactly_once_v2}. Event formats are those on the class path.
 *
 * @since 0.1.0
 */
public final class DetectionApp {
  /** The prefix of this application's own keys. */
  public static final String PREFIX = "tunnelwatch.";

  private static final Logger LOG = LoggerFactory.getLogger(DetectionApp.class);

  /** This application's keys, without the prefix: any other key with the prefix is a mistake. */
  private static final List<String> KEYS = List.of("input.topics", "results.topic", "risk.topic", "suppressed.topic",
      "dead-letter.topic", "allowlist", "zone", "source-zone", "partitions", "late-flush", "in-memory-store");

  private DetectionApp() {}

  /**
   * Runs until the JVM is asked to stop or the application fails.
   *
   * @param args the properties file and/or {@code key=value} overrides
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Properties all;
    DetectionTopology topology;
    Properties streamsConfig;
    try {
      all = load(args);
      topology = topology(all, DetectionApp.class.getClassLoader());
      streamsConfig = streamsConfig(all);
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.error("tunnelwatch cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    KafkaStreams streams = new KafkaStreams(topology.build(), streamsConfig);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("a stream thread failed; shutting this instance down", e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(30));
      stopped.countDown();
    }, "tunnelwatch-shutdown"));
    LOG.info("tunnelwatch reads {} with formats {}", topology.inputTopics(),
        topology.formats().stream().map(f -> f.id()).toList());
    streams.start();
    stopped.await();
  }

  /**
   * The properties of a command line: the file named by the first argument that is not
   * {@code key=value}, then every {@code key=value} argument over it.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when more than one file is named
   */
  static Properties load(String[] args) throws IOException {
    List<String> files = Arrays.stream(args).filter(a -> a.indexOf('=') <= 0).toList();
    if (files.size() > 1) {
      throw new IllegalArgumentException("expected at most one properties file but got " + files);
    }
    Properties p = new Properties();
    for (String f : files) {
      try (Reader r = Files.newBufferedReader(Path.of(f), StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    Arrays.stream(args).filter(a -> a.indexOf('=') > 0)
        .forEach(a -> p.setProperty(a.substring(0, a.indexOf('=')).trim(), a.substring(a.indexOf('=') + 1).trim()));
    return p;
  }

  /**
   * The topology the properties describe.
   *
   * @throws IOException when the allowlist cannot be read
   * @throws IllegalArgumentException naming the key and value when one is invalid, or the key when
   *     it starts with {@value #PREFIX} but is none of this application's (a misspelt key would
   *     otherwise leave its default in force without a word)
   */
  static DetectionTopology topology(Properties p, ClassLoader formats) throws IOException {
    List<String> unknown = p.stringPropertyNames().stream()
        .filter(k -> k.startsWith(PREFIX) && !KEYS.contains(k.substring(PREFIX.length()))).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + ": the keys starting with " + PREFIX + " are " + KEYS.stream().map(k -> PREFIX + k).toList());
    }
    Detection.Builder detection = Detection.builder();
    String allowlist = p.getProperty(PREFIX + "allowlist");
    if (allowlist != null && !allowlist.isBlank()) {
      detection.addFilter(AllowlistFilter.load(Path.of(allowlist.trim())));
    }
    DetectionTopology.Builder b = DetectionTopology.builder(detection.build()).discoverFormats(formats);
    String inputs = p.getProperty(PREFIX + "input.topics", "");
    if (inputs.isBlank()) {
      throw new IllegalArgumentException(PREFIX + "input.topics is required: the comma-separated topics of raw log lines");
    }
    b.inputTopics(Arrays.stream(inputs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new));
    optional(p, "results.topic", b::resultsTopic);
    optional(p, "risk.topic", b::riskTopic);
    optional(p, "suppressed.topic", b::suppressedTopic);
    optional(p, "dead-letter.topic", b::deadLetterTopic);
    optional(p, "zone", z -> {
      try {
        b.zone(ZoneId.of(z));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(PREFIX + "zone must be a zone id such as UTC or Europe/Paris but was '" + z + "'", e);
      }
    });
    optional(p, "source-zone", z -> {
      try {
        b.sourceZone(ZoneId.of(z));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            PREFIX + "source-zone must be a zone id such as UTC or Europe/Paris but was '" + z + "'", e);
      }
    });
    optional(p, "partitions", n -> {
      try {
        b.partitions(Integer.parseInt(n));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(PREFIX + "partitions must be a positive number but was '" + n + "'", e);
      }
    });
    optional(p, "late-flush", v -> {
      try {
        b.lateFlush(Duration.parse(v));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(PREFIX + "late-flush must be an ISO-8601 duration such as PT30S but was '" + v + "'", e);
      }
    });
    optional(p, "in-memory-store", v -> {
      if (v.equals("true")) {
        b.inMemoryStore();
      } else if (!v.equals("false")) {
        throw new IllegalArgumentException(PREFIX + "in-memory-store must be true or false but was '" + v + "'");
      }
    });
    return b.build();
  }

  /**
   * The Kafka Streams configuration: every key not starting with {@value #PREFIX}, with
   * {@code processing.guarantee} set to {@code exactly_once_v2} unless given.
   *
   * @throws IllegalArgumentException when {@code application.id} or {@code bootstrap.servers} is missing
   */
  static Properties streamsConfig(Properties p) {
    Properties s = new Properties();
    for (String k : p.stringPropertyNames()) {
      if (!k.startsWith(PREFIX)) {
        s.setProperty(k, p.getProperty(k));
      }
    }
    for (String required : new String[] {StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG}) {
      if (s.getProperty(required, "").isBlank()) {
        throw new IllegalArgumentException(required + " is required");
      }
    }
    s.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return s;
  }

  private static void optional(Properties p, String key, Consumer<String> set) {
    String v = p.getProperty(PREFIX + key);
    if (v != null && !v.isBlank()) {
      set.accept(v.trim());
    }
  }
}
