// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.kafka.DetectionTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Kafka Streams topology ({@link DetectionTopology}) under {@link TopologyTestDriver} on one
 * thread: one CrowdStrike FDR line per input record, parsed, matched, repartitioned, windowed and
 * emitted; one operation is one record (events/s). Event time moves on from one invocation to the
 * next (fresh lines each time), so windows close and rows are emitted as on a cluster.
 *
 * <p>The driver commits after every record; with RocksDB that is a flush per record, which a
 * cluster (commit every 100 ms, or 30 s at least once) never does: the {@code rocksdb} figure is a
 * floor, not a forecast (BENCHMARKS.md).
 */
public class TopologyBenchmark extends ThroughputBenchmark {
  private static final String INPUT = "crowdstrike-fdr";

  /** The window store: {@code memory} or {@code rocksdb}. */
  @Param({"memory", "rocksdb"})
  public String store = "memory";

  /**
   * What runs under the driver: {@code detection}, the {@link DetectionTopology}; {@code skeleton},
   * its shape (the input and repartition sources, the two in-memory or RocksDB stores) with
   * processors that drop every record, so the driver's per-record work (commit, checkpoint, source
   * topic checks) for this shape and nothing of ours; {@code empty}, one source and one processor
   * dropping every record, the driver's floor. The last two are the ceilings the detection's figure
   * is read against (BENCHMARKS.md).
   */
  @Param({"detection"})
  public String shape = "detection";

  /** The share of devtunnel executions. */
  @Param({"0.001"})
  public double matchRate = 0.001;

  /**
   * Records per invocation: {@value ThroughputBenchmark#LINES} under JMH (its operation count);
   * {@link TopologyCpu} sets fewer for RocksDB, which under the driver takes milliseconds a record.
   */
  int lines = LINES;

  private @Nullable Path stateDir;
  private @Nullable TopologyTestDriver driver;
  private @Nullable TestInputTopic<byte[], byte[]> input;
  private @Nullable TestOutputTopic<String, String> results;
  private @Nullable CorpusGenerator generator;
  private List<TestRecord<byte[], byte[]>> batch = List.of();
  private long expectedMatches;

  /** Starts the driver over a fresh state directory. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    DetectionTopology.Builder b = DetectionTopology.builder(Detection.builder().build())
        .inputTopics(INPUT).discoverFormats(TopologyBenchmark.class.getClassLoader());
    if (store.equals("memory")) {
      b.inMemoryStore();
    } else if (!store.equals("rocksdb")) {
      throw new IllegalArgumentException("store must be memory or rocksdb but was " + store);
    }
    DetectionTopology topology = b.build();
    Topology built = switch (shape) {
      case "detection" -> topology.build();
      case "skeleton" -> skeleton(topology, store.equals("memory"));
      case "empty" -> empty(topology);
      default -> throw new IllegalArgumentException("shape must be detection, skeleton or empty but was " + shape);
    };
    Path dir = Files.createTempDirectory("tunnelwatch-topology-bench");
    stateDir = dir;
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "tunnelwatch-bench");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    TopologyTestDriver d = new TopologyTestDriver(built, p);
    driver = d;
    input = d.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
    results = d.createOutputTopic(topology.resultsTopic(), new StringDeserializer(), new StringDeserializer());
    generator = new CorpusGenerator(CorpusGenerator.Kind.CROWDSTRIKE, 42, matchRate);
  }

  /**
   * One source, a processor that drops every record and the results sink: what the driver costs
   * any topology per record.
   */
  private static Topology empty(DetectionTopology detection) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(INPUT, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(Drop<byte[], byte[]>::new)
        .mapValues(v -> "")
        .to(detection.resultsTopic(), Produced.with(Serdes.ByteArray(), Serdes.String()));
    return b.build();
  }

  /**
   * The detection's shape (input source, a repartition topic, a windowing processor with the two
   * stores, the results sink) whose first processor drops every record: the driver's per-record
   * work for this shape, and none of ours.
   */
  private static Topology skeleton(DetectionTopology detection, boolean inMemory) {
    StreamsBuilder b = new StreamsBuilder();
    for (String s : List.of(detection.storeName(), detection.lateStoreName())) {
      b.addStateStore(Stores.keyValueStoreBuilder(
          inMemory ? Stores.inMemoryKeyValueStore(s) : Stores.persistentKeyValueStore(s),
          Serdes.ByteArray(), Serdes.ByteArray()));
    }
    b.stream(INPUT, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(Drop<byte[], byte[]>::new)
        .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("skeleton-by-group"))
        .process(Drop<byte[], byte[]>::new, detection.storeName(), detection.lateStoreName())
        .mapValues(v -> "")
        .to(detection.resultsTopic(), Produced.with(Serdes.ByteArray(), Serdes.String()));
    return b.build();
  }

  /** Forwards nothing. */
  private static final class Drop<K, V> implements Processor<K, V, K, V> {
    @Override
    public void process(Record<K, V> record) {
      // dropped: the driver's work around this call is what is measured
    }
  }

  /** The next {@value ThroughputBenchmark#LINES} lines, one per record, made outside the measurement. */
  @Setup(Level.Invocation)
  public void nextBatch() {
    CorpusGenerator g = requireSetUp(generator);
    long before = g.matches();
    List<TestRecord<byte[], byte[]>> records = new ArrayList<>(lines);
    for (int i = 0; i < lines; i++) {
      // Timestamp 0: under the driver every sub-topology shares one task, and a wall-clock
      // timestamp would move the windowing stage's stream time (TopologyRun says why).
      records.add(new TestRecord<>(null, g.next().getBytes(StandardCharsets.UTF_8), null, 0L));
    }
    batch = records;
    expectedMatches += g.matches() - before;
  }

  /** Sends the batch through the topology; checks that rows come out so nothing is optimised away. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public long pipe() {
    requireSetUp(input).pipeRecordList(batch);
    TestOutputTopic<String, String> out = requireSetUp(results);
    long rows = 0;
    for (TestRecord<String, String> r : out.readRecordsToList()) {
      rows += r.value().length();
    }
    return rows;
  }

  /** Closes the driver and removes its state directory; checks that matches reached the windows. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    requireSetUp(driver).close();
    Path dir = stateDir;
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> {
          try {
            Files.delete(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    if (expectedMatches == 0) {
      throw new IllegalStateException("no devtunnel executions were generated: raise matchRate");
    }
  }

  private static <T> T requireSetUp(@Nullable T t) {
    if (t == null) {
      throw new IllegalStateException("used before setUp");
    }
    return t;
  }
}
