// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
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

  /** A counter {@code name}: the sum of what is recorded. */
  Sensor total(String name, String description) {
    return sensor(name, description, new CumulativeSum());
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
  Sensor time(String name, String description, String lagName, String lagDescription) {
    Sensor s = sensor(name, description, new LatestTime((latest, now) -> latest));
    s.add(metricName(lagName, lagDescription), new LatestTime((latest, now) -> now - latest));
    return s;
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
   * The latest time recorded, measured through {@code measure(latest, now)}. Kafka's {@link Value}
   * would read 0 (the epoch, a lag of 56 years) before the first record, which would set off
   * every lag alert while a partition is idle after a start. The sensor's lock guards the field.
   */
  private static final class LatestTime implements MeasurableStat {
    private final DoubleBinaryOperator measure;
    private double latest = Double.NaN;

    LatestTime(DoubleBinaryOperator measure) {
      this.measure = measure;
    }

    @Override
    public void record(MetricConfig config, double value, long timeMs) {
      latest = Double.isNaN(latest) ? value : Math.max(latest, value);
    }

    @Override
    public double measure(MetricConfig config, long now) {
      return Double.isNaN(latest) ? Double.NaN : measure.applyAsDouble(latest, (double) now);
    }
  }
}
