// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleBinaryOperator;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Not API: the tunnelwatch metrics of one task of one stage, registered through the task's
 * {@link StreamsMetrics} in the group {@value #GROUP} with the tags {@code thread-id},
 * {@code task-id} and {@code detection} (the topology's name), so that they are in
 * {@code KafkaStreams.metrics()} and in JMX as
 * {@code kafka.streams:type=tunnelwatch-metrics,thread-id=…,task-id=…,detection=…}. A task that is
 * closed removes its sensors: totals count from the time the task was last opened on this instance,
 * as Kafka Streams' own {@code -total} metrics do. Used by the task's thread only.
 *
 * <p>Counters and the time gauge are plain fields that the task's thread updates and the metrics
 * read when asked ({@link Counter}, {@link Latest}): no {@link Sensor#record} per record, which takes
 * the sensor's lock, reads the clock and walks its stats and parents (issue 13, item 8).
 */
public final class TaskSensors {
  /** The metric group of every tunnelwatch metric. */
  public static final String GROUP = "tunnelwatch-metrics";

  private final StreamsMetrics metrics;
  private final Map<String, String> tags;
  private final String sensorPrefix;
  private final List<Sensor> sensors = new ArrayList<>();

  TaskSensors(ProcessingContext context, String detection) {
    this.metrics = context.metrics();
    Map<String, String> t = new LinkedHashMap<>(); // in this order in the JMX name
    // the thread that initialises the task is the one that runs it until the task is closed
    t.put("thread-id", Thread.currentThread().getName());
    t.put("task-id", context.taskId().toString());
    t.put("detection", detection);
    this.tags = Collections.unmodifiableMap(t);
    // sensor names are global to the client: one per thread, task, detection and metric
    this.sensorPrefix = "tunnelwatch." + String.join(".", tags.values()) + ".";
  }

  /** A counter {@code name}: the sum of what is added. */
  Counter total(String name, String description) {
    Counter c = new Counter();
    sensor(name, description, c);
    return c;
  }

  /** A gauge {@code name}: the value last recorded, 0 before any. */
  Sensor value(String name, String description) {
    return sensor(name, description, new Value());
  }

  /**
   * Two gauges fed with event times in milliseconds since the epoch: {@code name}, the latest time
   * recorded, and {@code lagName}, how far the wall clock is ahead of it when read (negative when
   * behind). Both are NaN until a time is recorded.
   */
  Latest time(String name, String description, String lagName, String lagDescription) {
    Latest latest = new Latest();
    Sensor s = sensor(name, description, latest.measured((t, now) -> t));
    s.add(metricName(lagName, lagDescription), latest.measured((t, now) -> now - t));
    return latest;
  }

  private Sensor sensor(String name, String description, MeasurableStat stat) {
    Sensor s = metrics.addSensor(sensorPrefix + name, Sensor.RecordingLevel.INFO);
    s.add(metricName(name, description), stat);
    sensors.add(s);
    return s;
  }

  private MetricName metricName(String name, String description) {
    return new MetricName(name, GROUP, description, tags);
  }

  /** Removes the sensors and their metrics. */
  void close() {
    sensors.forEach(metrics::removeSensor);
    sensors.clear();
  }

  /**
   * A count kept by the task's thread and read by the metrics from any thread: adding is a plain
   * read and an ordered write of one field (one writer), no lock.
   */
  public static final class Counter implements MeasurableStat {
    private final AtomicLong count = new AtomicLong();

    Counter() {}

    /** Adds one. */
    public void increment() {
      add(1);
    }

    /** Adds {@code n}; by the task's thread only. */
    public void add(long n) {
      if (n != 0) {
        count.lazySet(count.get() + n);
      }
    }

    @Override
    public void record(MetricConfig config, double value, long timeMs) {
      add((long) value);
    }

    @Override
    public double measure(MetricConfig config, long now) {
      return (double) count.get();
    }
  }

  /**
   * The latest event time reached, in milliseconds since the epoch, kept by the task's thread and
   * read by its two gauges. Kafka's {@link org.apache.kafka.common.metrics.stats.Value} would read
   * 0 (the epoch, a lag of 56 years) before the first record, which would set off every lag alert
   * while a partition is idle after a start: NaN until a time is reached.
   */
  public static final class Latest {
    private static final long NONE = Long.MIN_VALUE;
    private final AtomicLong latest = new AtomicLong(NONE);

    Latest() {}

    /** Moves the time on to {@code epochMillis} if later; by the task's thread only. */
    public void reached(long epochMillis) {
      long t = latest.get();
      if (t == NONE || epochMillis > t) {
        latest.lazySet(epochMillis);
      }
    }

    private MeasurableStat measured(DoubleBinaryOperator measure) {
      return new MeasurableStat() {
        @Override
        public void record(MetricConfig config, double value, long timeMs) {
          reached((long) value);
        }

        @Override
        public double measure(MetricConfig config, long now) {
          long t = latest.get();
          return t == NONE ? Double.NaN : measure.applyAsDouble((double) t, (double) now);
        }
      };
    }
  }
}
