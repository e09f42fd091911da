// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DiscoveredFormats;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.NoEventFormatException;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.kafka.internal.Emission;
import io.tunnelwatch.kafka.internal.Observation;
import io.tunnelwatch.kafka.internal.ParseOutput;
import io.tunnelwatch.kafka.internal.ParseProcessor;
import io.tunnelwatch.kafka.internal.Serialization;
import io.tunnelwatch.kafka.internal.TaskSensors;
import io.tunnelwatch.kafka.internal.TickPartitioner;
import io.tunnelwatch.kafka.internal.WindowProcessor;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection as a Kafka Streams topology: raw log lines in, result rows, risk events,
 * suppressed rows and dead letters out, with the same results as {@link Detection#streaming} in
 * process.
 *
 * <pre>{@code
 * DetectionTopology detection = DetectionTopology.builder(Detection.builder().build())
 *     .inputTopics("sysmon", "wineventlog")
 *     .build();
 * StreamsBuilder builder = new StreamsBuilder();
 * detection.addTo(builder);          // next to the application's own streams
 * new KafkaStreams(builder.build(), props).start();
 * }</pre>
 *
 * <p>Two stages. The first reads each input record's value as lines of the registered
 * {@link EventFormat}s; a line that cannot be read goes to the dead-letter topic with the original
 * record key and value and the reason in headers named {@value #DEAD_LETTER_HEADER_PREFIX}{@code *}
 * ({@code topic}, {@code partition}, {@code offset}, {@code line}, {@code format}, {@code field},
 * {@code reason}); matching events go, keyed by their 20-field group and stamped with their event
 * time, through the repartition topic {@code <application.id>-<name>-by-group-repartition}. The
 * second keeps each (window, group)'s count and times in the persistent store {@link #storeName()}
 * (backed by a changelog topic) and emits each window once, when stream time reaches its run time;
 * events for an emitted window are kept in {@link #lateStoreName()} and emitted as late rows every
 * {@link #lateFlush()}. See the module's README for the
 * details, scaling and delivery guarantees.
 *
 * <p>Output records are keyed by {@code dest} and hold one line of JSON: results and suppressed
 * rows as {@link io.tunnelwatch.core.DetectionResult#toRow} plus {@code first_time_exact},
 * {@code last_time_exact}, {@code window_start}, {@code window_end} and {@code late} (suppressed
 * rows also {@code suppressed_by} and {@code reason}); risk events as
 * {@link io.tunnelwatch.core.RiskEvent#toJson}. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DetectionTopology {
  /** The prefix of the headers that say why a record is a dead letter. */
  public static final String DEAD_LETTER_HEADER_PREFIX = ParseProcessor.HEADER_PREFIX;

  /**
   * The group of the topology's metrics, in {@code KafkaStreams.metrics()} and JMX
   * ({@code kafka.streams:type=tunnelwatch-metrics}); each is tagged with {@code thread-id},
   * {@code task-id} and {@code detection} (the {@link Builder#name}). The module's README lists them.
   */
  public static final String METRIC_GROUP = TaskSensors.GROUP;

  /** The default of {@link Builder#lateFlush}, in seconds. */
  public static final int DEFAULT_LATE_FLUSH_SECONDS = 30;

  private static final Duration DEFAULT_LATE_FLUSH = Duration.ofSeconds(DEFAULT_LATE_FLUSH_SECONDS);
  private static final Logger LOG = LoggerFactory.getLogger(DetectionTopology.class);
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]+");

  private final Detection detection;
  private final List<String> inputTopics;
  private final String resultsTopic;
  private final String riskTopic;
  private final String suppressedTopic;
  private final String deadLetterTopic;
  private final List<EventFormat> formats;
  private final ZoneId zone;
  private final ZoneId sourceZone;
  private final String name;
  private final @Nullable Integer partitions;
  private final boolean inMemoryStore;
  private final Duration lateFlush;

  private DetectionTopology(Builder b, List<EventFormat> formats) {
    this.detection = b.detection;
    this.inputTopics = List.copyOf(b.inputTopics);
    this.resultsTopic = b.resultsTopic;
    this.riskTopic = b.riskTopic;
    this.suppressedTopic = b.suppressedTopic;
    this.deadLetterTopic = b.deadLetterTopic;
    this.formats = List.copyOf(formats);
    this.zone = b.zone;
    this.sourceZone = b.sourceZone;
    this.name = b.name;
    this.partitions = b.partitions;
    this.inMemoryStore = b.inMemoryStore;
    this.lateFlush = b.lateFlush;
  }

  /** A builder for {@code detection} with the default topic names and formats discovered on the class path. */
  public static Builder builder(Detection detection) {
    return new Builder(detection);
  }

  /** Adds the topology's sources, processors, store and sinks to {@code builder}; once per builder. */
  public void addTo(StreamsBuilder builder) {
    String store = storeName();
    String lateStore = lateStoreName();
    for (String s : List.of(store, lateStore)) {
      builder.addStateStore(Stores.keyValueStoreBuilder(
          inMemoryStore ? Stores.inMemoryKeyValueStore(s) : Stores.persistentKeyValueStore(s),
          Serdes.Bytes(), TunnelwatchSerdes.groupStats()));
    }
    Repartitioned<byte[], Observation> byGroup =
        Repartitioned.<byte[], Observation>with(Serdes.ByteArray(), Serialization.observations())
            .withName(name + "-by-group")
            .withStreamPartitioner(new TickPartitioner());
    if (partitions != null) {
      byGroup = byGroup.withNumberOfPartitions(partitions);
    }
    Repartitioned<byte[], Observation> repartitioned = byGroup;
    builder.stream(inputTopics, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-input"))
        .process(() -> new ParseProcessor(detection, formats, sourceZone, name), Named.as(name + "-parse"))
        .split(Named.as(name + "-parsed-"))
        .branch(
            (k, v) -> v instanceof ParseOutput.DeadLetter,
            Branched.<byte[], ParseOutput>withConsumer(s -> s
                .mapValues(v -> ((ParseOutput.DeadLetter) v).value(), Named.as(name + "-dead-letter-value"))
                .to(deadLetterTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-dead-letters")))
                .withName("dead-letters"))
        .defaultBranch(Branched.<byte[], ParseOutput>withConsumer(s -> s
            .mapValues(v -> ((ParseOutput.Observed) v).observation(), Named.as(name + "-observation"))
            .repartition(repartitioned)
            .process(() -> new WindowProcessor(detection, zone, store, lateStore, lateFlush, name),
                Named.as(name + "-windows"), store, lateStore)
            .split(Named.as(name + "-emitted-"))
            .branch((k, v) -> v.kind() == Emission.Kind.RESULT, sink(Emission.Kind.RESULT, resultsTopic))
            .branch((k, v) -> v.kind() == Emission.Kind.RISK, sink(Emission.Kind.RISK, riskTopic))
            .defaultBranch(sink(Emission.Kind.SUPPRESSED, suppressedTopic)))
            .withName("observations"));
  }

  private Branched<String, Emission> sink(Emission.Kind kind, String topic) {
    String n = kind.name().toLowerCase(Locale.ROOT);
    return Branched.<String, Emission>withConsumer(s -> s
            .mapValues(Emission::json, Named.as(name + "-" + n + "-json"))
            .to(topic, Produced.with(Serdes.String(), Serdes.String()).withName(name + "-" + n + "-sink")))
        .withName(n);
  }

  /** A topology that holds only this detection. */
  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder);
    return builder.build();
  }

  /** The detection. */
  public Detection detection() {
    return detection;
  }

  /** The topics of raw log lines. */
  public List<String> inputTopics() {
    return inputTopics;
  }

  /** The topic of kept result rows. */
  public String resultsTopic() {
    return resultsTopic;
  }

  /** The topic of risk events. */
  public String riskTopic() {
    return riskTopic;
  }

  /** The topic of rows that filters suppressed. */
  public String suppressedTopic() {
    return suppressedTopic;
  }

  /** The topic of lines that could not be read. */
  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  /** The formats the parsing stage reads. */
  public List<EventFormat> formats() {
    return formats;
  }

  /** The name of the window store: {@code <name>-windows}. */
  public String storeName() {
    return name + "-windows";
  }

  /** The name of the store of late events awaiting their flush: {@code <name>-late}. */
  public String lateStoreName() {
    return name + "-late";
  }

  /** How often late events are emitted, in wall-clock time. */
  public Duration lateFlush() {
    return lateFlush;
  }

  /** Builds a {@link DetectionTopology}. Not thread-safe. */
  public static final class Builder {
    private final Detection detection;
    private final List<String> inputTopics = new ArrayList<>();
    private String resultsTopic = "tunnelwatch-results";
    private String riskTopic = "tunnelwatch-risk";
    private String suppressedTopic = "tunnelwatch-suppressed";
    private String deadLetterTopic = "tunnelwatch-dead-letters";
    private final List<EventFormat> formats = new ArrayList<>();
    private @Nullable ClassLoader discoveryLoader;
    private ZoneId zone = ZoneOffset.UTC;
    private ZoneId sourceZone = ZoneOffset.UTC;
    private String name = "tunnelwatch";
    private @Nullable Integer partitions;
    private boolean inMemoryStore;
    private Duration lateFlush = DEFAULT_LATE_FLUSH;

    private Builder(Detection detection) {
      this.detection = Objects.requireNonNull(detection, "detection");
    }

    /** Adds topics of raw log lines (any mix of the formats, one line per record). */
    public Builder inputTopics(String... topics) {
      for (String t : topics) {
        inputTopics.add(topicName("input topic", t));
      }
      return this;
    }

    /** The topic of kept result rows; {@code tunnelwatch-results} by default. */
    public Builder resultsTopic(String topic) {
      this.resultsTopic = topicName("results topic", topic);
      return this;
    }

    /** The topic of risk events; {@code tunnelwatch-risk} by default. */
    public Builder riskTopic(String topic) {
      this.riskTopic = topicName("risk topic", topic);
      return this;
    }

    /** The topic of suppressed rows; {@code tunnelwatch-suppressed} by default. */
    public Builder suppressedTopic(String topic) {
      this.suppressedTopic = topicName("suppressed topic", topic);
      return this;
    }

    /** The topic of dead letters; {@code tunnelwatch-dead-letters} by default. */
    public Builder deadLetterTopic(String topic) {
      this.deadLetterTopic = topicName("dead-letter topic", topic);
      return this;
    }

    /**
     * Adds a format. With none added, the formats that {@link java.util.ServiceLoader} finds
     * through {@link #discoverFormats}' class loader (by default this class's) are used.
     */
    public Builder addFormat(EventFormat format) {
      formats.add(Objects.requireNonNull(format, "format"));
      return this;
    }

    /** The class loader that discovers formats when none is added. */
    public Builder discoverFormats(ClassLoader loader) {
      this.discoveryLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** The zone in which {@code firstTime} and {@code lastTime} are rendered; UTC by default. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * The zone in which input times written without one (NXLog's local {@code EventTime}) are read;
     * UTC by default. See {@link EventReader.Builder#sourceZone}.
     *
     * @since 0.1.0
     */
    public Builder sourceZone(ZoneId zone) {
      this.sourceZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * The prefix of the store, the repartition topic and the processor names; {@code tunnelwatch}
     * by default. Two detections in one application need two names.
     *
     * @throws IllegalArgumentException when not made of letters, digits, {@code .}, {@code _} and {@code -}
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("name must match " + NAME + " but was '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * The number of partitions of the repartition topic, that is the parallelism of the windowing
     * stage; by default that of the input topics.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder partitions(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("partitions must be positive but was " + count);
      }
      this.partitions = count;
      return this;
    }

    /**
     * How often, in wall-clock time, events that arrived after their window was emitted are
     * emitted as late rows: one row per window and group for all that arrived in the interval;
     * {@value #DEFAULT_LATE_FLUSH_SECONDS} seconds by default.
     *
     * @throws IllegalArgumentException when not at least one millisecond
     */
    public Builder lateFlush(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("lateFlush must be at least 1 ms but was " + interval);
      }
      this.lateFlush = interval;
      return this;
    }

    /**
     * Keeps the window store in memory instead of RocksDB. It is still backed by its changelog
     * topic, so a restart restores it, by replaying the changelog rather than from local disk.
     * State is small (the groups of about two windows), so memory is enough for most fleets.
     */
    public Builder inMemoryStore() {
      this.inMemoryStore = true;
      return this;
    }

    /**
     * The topology.
     *
     * @throws IllegalStateException when there is no input topic, or an output topic is also an
     *     input topic or used twice
     * @throws NoEventFormatException when no format was added or discovered
     */
    public DetectionTopology build() {
      if (inputTopics.isEmpty()) {
        throw new IllegalStateException("no input topic: add one with inputTopics");
      }
      Set<String> outputs = new LinkedHashSet<>(List.of(resultsTopic, riskTopic, suppressedTopic, deadLetterTopic));
      if (outputs.size() != 4) {
        throw new IllegalStateException("the four output topics must differ but were " + List.of(
            resultsTopic, riskTopic, suppressedTopic, deadLetterTopic));
      }
      for (String t : inputTopics) {
        if (outputs.contains(t)) {
          throw new IllegalStateException("topic " + t + " is both an input and an output topic");
        }
      }
      List<EventFormat> f = formats.isEmpty() ? discovered() : formats;
      if (f.isEmpty()) {
        throw new NoEventFormatException(
            "no event format: add one with addFormat, or put an adapter module on the class path");
      }
      return new DetectionTopology(this, f);
    }

    private List<EventFormat> discovered() {
      ClassLoader loader = discoveryLoader != null ? discoveryLoader : DetectionTopology.class.getClassLoader();
      DiscoveredFormats found = EventReader.findFormats(loader);
      found.problems().forEach(p -> LOG.warn("event format not loaded: {}", p));
      return found.formats();
    }

    private static String topicName(String what, String topic) {
      Objects.requireNonNull(topic, what);
      if (!NAME.matcher(topic).matches() || topic.length() > 249) {
        throw new IllegalArgumentException(
            what + " must be 1 to 249 letters, digits, '.', '_' or '-' but was '" + topic + "'");
      }
      return topic;
    }
  }
}
