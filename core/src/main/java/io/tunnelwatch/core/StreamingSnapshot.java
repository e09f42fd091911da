// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The streaming snapshot format, version 2 ({@code docs/streaming.md} is its specification): a
 * header, a body of length-prefixed sections, and a CRC32C of the body. Everything is big-endian.
 * The whole body is read and checked before any state is built, so a bad snapshot restores nothing.
 * Version 1 (no origins, no throttle section) is still read.
 */
final class StreamingSnapshot {
  static final int VERSION = 2;
  private static final byte[] MAGIC = "TWSTREAM".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + 4;

  private static final int SCHEDULE = 1;
  private static final int PROGRESS = 2;
  private static final int COUNTERS = 3;
  private static final int FUTURE = 4;
  private static final int OPEN = 5;
  private static final int LATE = 6;
  private static final int THROTTLE = 7;
  private static final int COUNTER_COUNT = 8;

  private StreamingSnapshot() {}

  static void write(StreamingDetection.State s, Schedule schedule, List<Throttle.State> throttles, OutputStream out)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    section(d, SCHEDULE, x -> {
      x.writeLong(schedule.interval().toSeconds());
      x.writeLong(schedule.lag().toSeconds());
    });
    section(d, PROGRESS, x -> {
      instant(x, s.closedBefore);
      optionalInstant(x, s.maxEventTime);
      optionalInstant(x, s.timeReached);
    });
    section(d, COUNTERS, x -> {
      x.writeInt(COUNTER_COUNT);
      for (long c : new long[] {s.eventsSeen, s.eventsMatched, s.lateEvents, s.futureEvents, s.rejectedEvents,
          s.windowsReported, s.listenerFailures, s.overflowReports}) {
        x.writeLong(c);
      }
    });
    section(d, FUTURE, x -> {
      x.writeInt(s.recentFuture.size());
      for (StreamingStats.FutureEvent f : s.recentFuture) {
        instant(x, f.time());
        string(x, f.dest());
        string(x, f.origin().format());
        string(x, f.origin().source());
        x.writeLong(f.origin().line());
      }
    });
    section(d, OPEN, x -> windows(x, s.open));
    section(d, LATE, x -> windows(x, s.late));
    section(d, THROTTLE, x -> throttles(x, throttles));
    d.flush();
    byte[] b = body.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(b);
    DataOutputStream o = new DataOutputStream(out);
    o.write(MAGIC);
    o.writeInt(VERSION);
    o.writeInt(b.length);
    o.write(b);
    o.writeInt((int) crc.getValue());
    o.flush();
  }

  private interface SectionWriter {
    void write(DataOutputStream out) throws IOException;
  }

  private static void section(DataOutputStream d, int id, SectionWriter w) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DataOutputStream x = new DataOutputStream(buf);
    w.write(x);
    x.flush();
    d.writeByte(id);
    d.writeInt(buf.size());
    buf.writeTo(d);
  }

  private static void windows(DataOutputStream x, Map<Window, DetectionAggregate> windows) throws IOException {
    x.writeInt(Field.count());
    x.writeInt(windows.size());
    for (Map.Entry<Window, DetectionAggregate> e : windows.entrySet()) {
      instant(x, e.getKey().start());
      instant(x, e.getKey().end());
      Map<GroupKey, GroupStats> groups = e.getValue().groups();
      x.writeInt(groups.size());
      // sorted, so that one state always gives the same bytes
      for (Map.Entry<GroupKey, GroupStats> group : new TreeMap<>(groups).entrySet()) {
        for (String v : group.getKey().values()) {
          string(x, v);
        }
        GroupStats g = group.getValue();
        x.writeLong(g.count());
        instant(x, g.firstTime());
        instant(x, g.lastTime());
        optionalOrigin(x, g.firstOrigin());
        optionalOrigin(x, g.lastOrigin());
      }
    }
  }

  private static void optionalOrigin(DataOutputStream x, @Nullable EventOrigin o) throws IOException {
    x.writeBoolean(o != null);
    if (o != null) {
      string(x, o.format());
      string(x, o.source());
      x.writeLong(o.line());
    }
  }

  private static void throttles(DataOutputStream x, List<Throttle.State> throttles) throws IOException {
    x.writeInt(throttles.size());
    for (Throttle.State t : throttles) {
      x.writeInt(t.fields().size());
      for (Field f : t.fields()) {
        x.writeInt(f.index());
      }
      optionalInstant(x, t.newest());
      x.writeInt(t.kept().size());
      for (Map.Entry<List<String>, Throttle.Kept> e : t.kept()) {
        for (String v : e.getKey()) {
          string(x, v);
        }
        instant(x, e.getValue().time());
        x.writeLong(e.getValue().row());
      }
    }
  }

  private static void instant(DataOutputStream x, Instant t) throws IOException {
    x.writeLong(t.getEpochSecond());
    x.writeInt(t.getNano());
  }

  private static void optionalInstant(DataOutputStream x, @Nullable Instant t) throws IOException {
    x.writeBoolean(t != null);
    instant(x, t == null ? Instant.EPOCH : t);
  }

  private static void string(DataOutputStream x, String v) throws IOException {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    x.writeInt(b.length);
    x.write(b);
  }

  static StreamingDetection.State read(InputStream in, Schedule schedule) throws IOException {
    byte[] header = in.readNBytes(HEADER);
    if (header.length < MAGIC.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new SnapshotException("not a tunnelwatch streaming snapshot: the first 8 bytes are not TWSTREAM", null);
    }
    if (header.length < HEADER) {
      throw new SnapshotException("snapshot cut short in its header at byte " + header.length, null);
    }
    ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, 8);
    int version = h.getInt();
    if (version != 1 && version != VERSION) {
      throw new SnapshotException("snapshot version " + version + " cannot be read; this library reads versions 1 and "
          + VERSION, null);
    }
    int length = h.getInt();
    if (length < 0) {
      throw new SnapshotException("snapshot body length at byte 12 is negative", null);
    }
    byte[] body = in.readNBytes(length); // grows as bytes arrive: a wrong length allocates no more than is there
    byte[] trailer = in.readNBytes(4);
    if (body.length < length || trailer.length < 4) {
      throw new SnapshotException("snapshot cut short: the header announces " + length + " body bytes and a checksum, "
          + "but the stream ended after " + (HEADER + body.length + trailer.length) + " bytes", null);
    }
    CRC32C crc = new CRC32C();
    crc.update(body);
    if ((int) crc.getValue() != ByteBuffer.wrap(trailer).getInt()) {
      throw new SnapshotException("snapshot checksum (CRC32C) does not match its body: damaged", null);
    }
    return parse(ByteBuffer.wrap(body), schedule, version);
  }

  /** Reads the sections of a checked body in order, skipping any a later writer added. */
  private static StreamingDetection.State parse(ByteBuffer b, Schedule schedule, int version) {
    StreamingDetection.State s = new StreamingDetection.State();
    int last = version == 1 ? LATE : THROTTLE;
    int expected = SCHEDULE;
    while (b.hasRemaining()) {
      int at = b.position();
      if (b.remaining() < 5) {
        throw new SnapshotException("snapshot body cut short in a section header at byte " + at, null);
      }
      int id = b.get() & 0xff;
      int length = b.getInt();
      if (length < 0 || length > b.remaining()) {
        throw new SnapshotException("snapshot section " + id + " at byte " + at + " announces " + length
            + " bytes, more than the body holds", null);
      }
      ByteBuffer payload = b.slice(b.position(), length);
      b.position(b.position() + length);
      if (id < expected || id > last) {
        continue; // a section a later writer added; readers skip it (docs/streaming.md)
      }
      if (id != expected) {
        throw new SnapshotException("snapshot section " + expected + " is missing before section " + id, null);
      }
      new Parser(payload, schedule, s, id, version).section();
      expected++;
    }
    if (expected <= last) {
      throw new SnapshotException("snapshot section " + expected + " is missing", null);
    }
    s.recountGroups();
    return s;
  }

  /** Reads one section; any inconsistency is a {@link SnapshotException} naming the section and offset. */
  private static final class Parser {
    private final ByteBuffer b;
    private final Schedule schedule;
    private final StreamingDetection.State s;
    private final int id;
    private final int version;
    private final String section;

    Parser(ByteBuffer b, Schedule schedule, StreamingDetection.State s, int id, int version) {
      this.b = b;
      this.schedule = schedule;
      this.s = s;
      this.id = id;
      this.version = version;
      this.section = switch (id) {
        case SCHEDULE -> "schedule";
        case PROGRESS -> "progress";
        case COUNTERS -> "counters";
        case FUTURE -> "future";
        case OPEN -> "open windows";
        case LATE -> "late windows";
        default -> "throttle";
      };
    }

    void section() {
      try {
        switch (id) {
          case SCHEDULE -> schedule();
          case PROGRESS -> {
            s.closedBefore = instant();
            s.maxEventTime = optionalInstant();
            s.timeReached = optionalInstant();
          }
          case COUNTERS -> counters();
          case FUTURE -> future();
          case OPEN -> windows(s.open);
          case LATE -> windows(s.late);
          default -> throttles();
        }
      } catch (BufferUnderflowException e) {
        throw bad("cut short");
      } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
        throw new SnapshotException("snapshot section " + section + " at byte " + b.position()
            + " holds an impossible value", e);
      }
      if (b.hasRemaining()) {
        throw bad(b.remaining() + " bytes left over");
      }
    }

    private void schedule() {
      long interval = b.getLong();
      long lag = b.getLong();
      if (interval != schedule.interval().toSeconds() || lag != schedule.lag().toSeconds()) {
        throw bad("the snapshot was taken with a schedule every " + interval + " s with a lag of " + lag
            + " s, but this detection's is " + schedule);
      }
    }

    private void counters() {
      int n = b.getInt();
      if (n < COUNTER_COUNT) {
        throw bad(n + " counters, fewer than the " + COUNTER_COUNT + " of version 1");
      }
      long[] c = new long[n];
      for (int i = 0; i < n; i++) {
        c[i] = b.getLong();
        if (c[i] < 0) {
          throw bad("counter " + i + " is negative");
        }
      }
      s.eventsSeen = c[0];
      s.eventsMatched = c[1];
      s.lateEvents = c[2];
      s.futureEvents = c[3];
      s.rejectedEvents = c[4];
      s.windowsReported = c[5];
      s.listenerFailures = c[6];
      s.overflowReports = c[7];
    }

    private void future() {
      int n = count(StreamingStats.FUTURE_LISTED);
      for (int i = 0; i < n; i++) {
        Instant t = instant();
        String dest = string();
        s.recentFuture.add(new StreamingStats.FutureEvent(t, dest, new EventOrigin(string(), string(), b.getLong())));
      }
    }

    private void windows(Map<Window, DetectionAggregate> into) {
      int fields = b.getInt();
      if (fields != Field.count()) {
        throw bad("group keys of " + fields + " fields, not " + Field.count());
      }
      int n = count(Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        Window w = new Window(instant(), instant());
        if (!schedule.windowOf(w.start()).equals(w) || into.containsKey(w)) {
          throw bad("window " + i + " is not one of the schedule's windows, or repeats");
        }
        DetectionAggregate a = new DetectionAggregate();
        int groups = count(Integer.MAX_VALUE);
        if (groups == 0) {
          throw bad("window " + i + " holds no group");
        }
        for (int g = 0; g < groups; g++) {
          List<String> values = new ArrayList<>(Field.count());
          for (int f = 0; f < Field.count(); f++) {
            values.add(string());
          }
          GroupKey key = GroupKey.of(values);
          long count = b.getLong();
          Instant first = instant();
          Instant last = instant();
          GroupStats stats = version == 1
              ? new GroupStats(count, first, last)
              : new GroupStats(count, first, last, optionalOrigin(), optionalOrigin());
          if (!w.contains(stats.firstTime()) || !w.contains(stats.lastTime()) || a.groups().containsKey(key)) {
            throw bad("group " + g + " of window " + i + " lies outside it, or repeats");
          }
          a.add(key, stats);
        }
        into.put(w, a);
      }
    }

    private @Nullable EventOrigin optionalOrigin() {
      return presence() ? new EventOrigin(string(), string(), b.getLong()) : null;
    }

    private void throttles() {
      int n = count(Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        int size = count(Field.count());
        List<Field> fields = new ArrayList<>(size);
        for (int f = 0; f < size; f++) {
          int index = b.getInt();
          if (index < 0 || index >= Field.count()) {
            throw bad("throttle " + i + " names field " + index + ", not one of the " + Field.count());
          }
          fields.add(Field.byIndex(index));
        }
        Instant newest = optionalInstant();
        int entries = count(Integer.MAX_VALUE);
        List<Map.Entry<List<String>, Throttle.Kept>> kept = new ArrayList<>(entries);
        for (int e = 0; e < entries; e++) {
          List<String> tuple = new ArrayList<>(size);
          for (int f = 0; f < size; f++) {
            tuple.add(string());
          }
          kept.add(Map.entry(List.copyOf(tuple), new Throttle.Kept(instant(), b.getLong())));
        }
        s.throttles.add(new Throttle.State(List.copyOf(fields), List.copyOf(kept), newest));
      }
    }

    /** A count that must fit in what is left (each item takes at least one byte) and under {@code max}. */
    private int count(int max) {
      int n = b.getInt();
      if (n < 0 || n > max || n > b.remaining()) {
        throw bad("count " + n + " is impossible here");
      }
      return n;
    }

    private Instant instant() {
      return Instant.ofEpochSecond(b.getLong(), b.getInt());
    }

    private @Nullable Instant optionalInstant() {
      boolean present = presence();
      Instant t = instant();
      return present ? t : null;
    }

    private boolean presence() {
      byte present = b.get();
      if (present != 0 && present != 1) {
        throw bad("a presence flag is " + present + ", not 0 or 1");
      }
      return present == 1;
    }

    private String string() {
      int n = count(Integer.MAX_VALUE);
      ByteBuffer bytes = b.slice(b.position(), n);
      b.position(b.position() + n);
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(bytes)
            .toString();
      } catch (CharacterCodingException e) {
        throw bad("a string is not UTF-8");
      }
    }

    private SnapshotException bad(String what) {
      return new SnapshotException("snapshot section " + section + " at byte " + b.position() + ": " + what, null);
    }
  }
}
