// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.Schedule;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.spi.EventFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the parsing stage. Reads each input record's value as lines of any registered format
 * with one {@link EventReader} per task (so what a parser learns, such as CrowdStrike host names,
 * serves the later records of that task), sends matching events keyed by their encoded group with
 * their event time as the record timestamp, and every line it cannot read to the dead letters.
 *
 * <p>Event time reaches the windowing stage with the matching events and with ticks: when the
 * latest event time seen here (of any event, matching or not) passes a run time of the schedule, a
 * tick with that time is sent to every partition, so windows close on time although matching
 * events are rare. Ticks are sent only when the set of closed windows changes: at most one per
 * interval per task.
 *
 * <p>Each task records in {@link TaskSensors} the events it read and matched, its dead letters,
 * and the latest event time it read with that time's lag behind the wall clock.
 */
public final class ParseProcessor implements Processor<byte[], byte[], byte[], ParseOutput> {
  /** The prefix of the dead-letter headers. */
  public static final String HEADER_PREFIX = "tunnelwatch.error.";

  static final byte[] TICK_KEY = new byte[0];

  private final Detection detection;
  private final List<EventFormat> formats;
  private final ZoneId sourceZone;
  private final String name;
  private @Nullable ProcessorContext<byte[], ParseOutput> context;
  private @Nullable EventReader reader;
  private @Nullable TaskSensors sensors;
  private TaskSensors.@Nullable Counter eventsSeen;
  private TaskSensors.@Nullable Counter eventsMatched;
  private TaskSensors.@Nullable Counter deadLetters;
  private TaskSensors.@Nullable Latest timeReached;
  private @Nullable Instant maxEventTime;
  private @Nullable Instant closedUpTo;
  private @Nullable Instant nextClose; // the event time from which a later window than closedUpTo's is closed
  private final ArrayList<ProcessEvent> events = new ArrayList<>(); // one record's, reused
  private @Nullable String sourceTopic;
  private int sourcePartition = -1;
  private String sourcePrefix = "";

  /**
   * A processor for {@code detection} reading {@code formats}, times without a zone in
   * {@code sourceZone}, whose metrics are tagged with the topology's {@code name}.
   */
  public ParseProcessor(Detection detection, List<EventFormat> formats, ZoneId sourceZone, String name) {
    this.detection = detection;
    this.formats = List.copyOf(formats);
    this.sourceZone = sourceZone;
    this.name = name;
  }

  @Override
  public void init(ProcessorContext<byte[], ParseOutput> context) {
    this.context = context;
    // Every record is parsed: malformed ones go to the dead-letter topic, and every event (matching
    // or not) advances the topology's stream time, so the reader's prefilter stays off here.
    EventReader.Builder b = EventReader.builder().noPrefilter().maxRejections(Integer.MAX_VALUE).sourceZone(sourceZone);
    formats.forEach(b::addFormat);
    this.reader = b.build();
    TaskSensors metrics = new TaskSensors(context, name);
    this.sensors = metrics;
    this.eventsSeen = metrics.total("events-seen-total", "Events read from the input lines, matching or not.");
    this.eventsMatched = metrics.total("events-matched-total", "Events that matched the predicate, sent to the windowing stage.");
    this.deadLetters = metrics.total("dead-letters-total", "Records sent to the dead-letter topic: one per line that could not be read.");
    this.timeReached = metrics.time("time-reached", "The latest event time read by this task, in ms since the epoch.",
        "lag-behind-clock-ms", "How far the wall clock is ahead of time-reached, in ms.");
  }

  @Override
  public void close() {
    if (sensors != null) {
      sensors.close();
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    ProcessorContext<byte[], ParseOutput> ctx = requireInit(context);
    EventReader r = requireInit(reader);
    RecordMetadata meta = ctx.recordMetadata().orElse(null);
    Instant timeBefore = maxEventTime;
    byte[] value = record.value();
    if (value == null) {
      deadLetter(ctx, record, meta, 0, null, null, "record has no value");
      return;
    }
    events.clear();
    try {
      // read(byte[]) reads the record in place: no stream buffers per record (issue 13, item 8)
      ReadSummary summary = r.read(value, source(meta), events::add);
      for (Rejection rej : summary.rejections()) {
        deadLetter(ctx, record, meta, rej.line(), rej.format(), rej.field(), rej.reason());
      }
    } catch (IOException e) {
      // a gzip record cut short: dead-lettered, and the events read before the damage still count,
      // as a damaged tail keeps the rows before it
      deadLetter(ctx, record, meta, 0, null, null, "record is gzip that cannot be unpacked: " + e.getClass().getSimpleName());
    }
    requireInit(eventsSeen).add(events.size());
    for (ProcessEvent e : events) {
      if (e.time().isBefore(Instant.EPOCH)) {
        deadLetter(ctx, record, meta, e.origin().line(), e.origin().format(), "_time",
            "event time is before 1970-01-01, which a Kafka record timestamp cannot hold");
        continue;
      }
      if (detection.predicate().test(e).matched()) {
        requireInit(eventsMatched).increment();
        ctx.forward(new Record<byte[], ParseOutput>(
            Codec.group(e.groupKey()), new ParseOutput.Observed(new Observation(e.time(), false)),
            e.time().toEpochMilli(), new RecordHeaders()));
      }
      advance(ctx, e.time());
    }
    // a record of many events (a gzip batch) does not keep its list's capacity for the task's life
    boolean many = events.size() > 1024;
    events.clear();
    if (many) {
      events.trimToSize();
    }
    Instant timeAfter = maxEventTime;
    if (timeAfter != null && (timeBefore == null || timeAfter.isAfter(timeBefore))) {
      // once per record, not per event
      requireInit(timeReached).reached(timeAfter.toEpochMilli());
    }
  }

  private void advance(ProcessorContext<byte[], ParseOutput> ctx, Instant time) {
    if (maxEventTime != null && !time.isAfter(maxEventTime)) {
      return;
    }
    maxEventTime = time;
    if (nextClose != null && time.isBefore(nextClose)) {
      return; // windows are contiguous: time - lag is still in the window that gave closedUpTo
    }
    // Windows that end at or before this instant have reached their run time.
    Schedule schedule = detection.schedule();
    Window current = schedule.windowOf(time.minus(schedule.lag()));
    nextClose = current.end().plus(schedule.lag());
    Instant closed = current.start();
    if (closedUpTo == null || closed.isAfter(closedUpTo)) {
      closedUpTo = closed;
      ctx.forward(new Record<byte[], ParseOutput>(
          TICK_KEY, new ParseOutput.Observed(new Observation(time, true)), time.toEpochMilli(), new RecordHeaders()));
    }
  }

  private void deadLetter(
      ProcessorContext<byte[], ParseOutput> ctx,
      Record<byte[], byte[]> record,
      @Nullable RecordMetadata meta,
      long line,
      @Nullable String format,
      @Nullable String field,
      String reason) {
    requireInit(deadLetters).increment();
    Headers h = new RecordHeaders();
    if (meta != null) {
      header(h, "topic", meta.topic());
      header(h, "partition", Integer.toString(meta.partition()));
      header(h, "offset", Long.toString(meta.offset()));
    }
    if (line > 0) {
      header(h, "line", Long.toString(line));
    }
    header(h, "format", format);
    header(h, "field", field);
    header(h, "reason", reason);
    ctx.forward(new Record<byte[], ParseOutput>(
        record.key(), new ParseOutput.DeadLetter(record.value()), record.timestamp(), h));
  }

  private static void header(Headers h, String name, @Nullable String value) {
    if (value != null) {
      h.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code <topic>-<partition>@<offset>}; the prefix is kept while the partition stays the same. */
  private String source(@Nullable RecordMetadata meta) {
    if (meta == null) {
      return "record";
    }
    if (meta.partition() != sourcePartition || !meta.topic().equals(sourceTopic)) {
      sourceTopic = meta.topic();
      sourcePartition = meta.partition();
      sourcePrefix = meta.topic() + "-" + meta.partition() + "@";
    }
    return sourcePrefix.concat(Long.toString(meta.offset()));
  }

  private static <T> T requireInit(@Nullable T t) {
    if (t == null) {
      throw new IllegalStateException("processor used before init");
    }
    return t;
  }
}
