// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionAggregate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupStats;
import io.tunnelwatch.core.Schedule;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the windowing stage. Keeps, per (window, group), the group's {@link GroupStats} in a
 * key-value store whose keys sort by window; {@link Schedule#windowOf} is the one definition of
 * the window. When stream time reaches a window's run time ({@link Schedule#runTimeOf}), the
 * window's groups become a {@link DetectionAggregate}, go through {@link Detection#report} or
 * {@link Detection#reportLate} (so filters, suppressions and risk events are exactly the in-process
 * ones), are emitted, and are deleted from the store. A matching
 * event whose window has reached its run time is late: it is added to a second store of late
 * (window, group)s, which a wall-clock punctuator empties every {@code lateFlush} into late reports,
 * one per window, so a burst of late events gives one late row per group, not one per event.
 *
 * <p>Output records are keyed by {@code dest}. On-time records carry the window's run time as
 * timestamp, late ones the stream time at which they were flushed.
 *
 * <p>Each task records in {@link TaskSensors} its late events, the reports it emitted, and the
 * (window, group)s its two stores hold.
 */
public final class WindowProcessor implements Processor<byte[], Observation, String, Emission> {
  private final Detection detection;
  private final ZoneId zone;
  private final String storeName;
  private final String lateStoreName;
  private final Duration lateFlush;
  private final String name;
  private @Nullable ProcessorContext<String, Emission> context;
  private @Nullable TaskSensors sensors;
  private TaskSensors.@Nullable Counter lateEvents;
  private TaskSensors.@Nullable Counter windowsReported;
  private @Nullable Sensor groupsHeldSensor;
  private long groupsHeld; // entries in both stores
  private @Nullable KeyValueStore<Bytes, GroupStats> store;
  private @Nullable KeyValueStore<Bytes, GroupStats> lateStore;
  private boolean nextRunKnown;
  private @Nullable Instant nextRun; // the earliest run time of a stored window; null when none

  /**
   * A processor for {@code detection} with its windows in the store {@code storeName} and late
   * events in {@code lateStoreName}, emitted every {@code lateFlush} of wall-clock time, whose
   * metrics are tagged with the topology's {@code name}.
   */
  public WindowProcessor(
      Detection detection, ZoneId zone, String storeName, String lateStoreName, Duration lateFlush, String name) {
    this.detection = detection;
    this.zone = zone;
    this.storeName = storeName;
    this.lateStoreName = lateStoreName;
    this.lateFlush = lateFlush;
    this.name = name;
  }

  @Override
  public void init(ProcessorContext<String, Emission> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.lateStore = context.getStateStore(lateStoreName);
    this.nextRunKnown = false; // the store may hold restored windows: look at it on first use
    TaskSensors metrics = new TaskSensors(context, name);
    this.sensors = metrics;
    this.lateEvents = metrics.total("late-events-total", "Matching events that arrived after their window was reported.");
    this.windowsReported = metrics.total("windows-reported-total", "Window reports emitted, late reports included.");
    Sensor held = metrics.value("groups-held", "(window, group) entries held in the window and late stores.");
    this.groupsHeldSensor = held;
    // restored stores are complete when init runs; both are small (about two windows' groups)
    this.groupsHeld = entries(requireInit(store)) + entries(requireInit(lateStore));
    held.record((double) groupsHeld);
    context.schedule(lateFlush, PunctuationType.WALL_CLOCK_TIME, t -> flushLate(context));
  }

  @Override
  public void process(Record<byte[], Observation> record) {
    ProcessorContext<String, Emission> ctx = requireInit(context);
    Instant now = Instant.ofEpochMilli(ctx.currentStreamTimeMs());
    closeDue(ctx, now);
    Observation o = record.value();
    if (o.tick()) {
      return;
    }
    Schedule schedule = detection.schedule();
    Window w = schedule.windowOf(o.time());
    Instant runTime = schedule.runTimeOf(w);
    Bytes key = Bytes.wrap(Codec.windowedGroup(w, record.key()));
    boolean late = !runTime.isAfter(now);
    KeyValueStore<Bytes, GroupStats> s = requireInit(late ? lateStore : store);
    GroupStats prior = s.get(key);
    s.put(key, prior == null ? GroupStats.of(o.time()) : prior.merge(GroupStats.of(o.time())));
    if (late) {
      requireInit(lateEvents).increment();
    }
    if (prior == null) {
      groupsHeldChanged(1);
    }
    if (!late && nextRunKnown && (nextRun == null || runTime.isBefore(nextRun))) {
      nextRun = runTime;
    }
  }

  private void closeDue(ProcessorContext<String, Emission> ctx, Instant now) {
    if (nextRunKnown && (nextRun == null || nextRun.isAfter(now))) {
      return;
    }
    KeyValueStore<Bytes, GroupStats> s = requireInit(store);
    TreeMap<Window, DetectionAggregate> due = new TreeMap<>();
    List<Bytes> done = new ArrayList<>();
    nextRun = null;
    try (KeyValueIterator<Bytes, GroupStats> it = s.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, GroupStats> kv = it.next();
        Window w = Codec.window(kv.key.get());
        Instant runTime = detection.schedule().runTimeOf(w);
        if (runTime.isAfter(now)) {
          nextRun = runTime; // keys sort by window: every later entry is later still
          break;
        }
        due.computeIfAbsent(w, k -> new DetectionAggregate()).add(Codec.windowedGroupKey(kv.key.get()), kv.value);
        done.add(kv.key);
      }
    }
    nextRunKnown = true;
    done.forEach(s::delete);
    groupsHeldChanged(-done.size());
    for (Map.Entry<Window, DetectionAggregate> e : due.entrySet()) {
      emit(ctx, detection.report(e.getValue(), e.getKey()), detection.schedule().runTimeOf(e.getKey()));
    }
  }

  /** Emits and deletes every late (window, group): one late report per window. */
  private void flushLate(ProcessorContext<String, Emission> ctx) {
    KeyValueStore<Bytes, GroupStats> s = requireInit(lateStore);
    TreeMap<Window, DetectionAggregate> late = new TreeMap<>();
    List<Bytes> done = new ArrayList<>();
    try (KeyValueIterator<Bytes, GroupStats> it = s.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, GroupStats> kv = it.next();
        late.computeIfAbsent(Codec.window(kv.key.get()), k -> new DetectionAggregate())
            .add(Codec.windowedGroupKey(kv.key.get()), kv.value);
        done.add(kv.key);
      }
    }
    done.forEach(s::delete);
    groupsHeldChanged(-done.size());
    Instant now = Instant.ofEpochMilli(ctx.currentStreamTimeMs());
    for (Map.Entry<Window, DetectionAggregate> e : late.entrySet()) {
      emit(ctx, detection.reportLate(e.getValue(), e.getKey()), now);
    }
  }

  private void emit(ProcessorContext<String, Emission> ctx, DetectionReport report, Instant at) {
    requireInit(windowsReported).increment();
    long ts = at.toEpochMilli();
    for (int i = 0; i < report.results().size(); i++) {
      DetectionResult row = report.results().get(i);
      String dest = row.get(Field.DEST);
      ctx.forward(new Record<>(dest, new Emission(Emission.Kind.RESULT, ResultJson.kept(row, zone)), ts));
      ctx.forward(new Record<>(dest, new Emission(Emission.Kind.RISK, report.riskEvents().get(i).toJson(zone)), ts));
    }
    for (Suppression sup : report.suppressed()) {
      String dest = sup.result().get(Field.DEST);
      ctx.forward(new Record<>(dest, new Emission(Emission.Kind.SUPPRESSED, ResultJson.suppressed(sup, zone)), ts));
    }
  }

  private void groupsHeldChanged(long by) {
    if (by != 0) {
      groupsHeld += by;
      requireInit(groupsHeldSensor).record((double) groupsHeld);
    }
  }

  private static long entries(KeyValueStore<Bytes, GroupStats> s) {
    long n = 0;
    try (KeyValueIterator<Bytes, GroupStats> it = s.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, GroupStats> unused = it.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    if (sensors != null) {
      sensors.close();
    }
  }

  private static <T> T requireInit(@Nullable T t) {
    if (t == null) {
      throw new IllegalStateException("processor used before init");
    }
    return t;
  }
}
