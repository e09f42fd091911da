// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.GroupStats;
import io.tunnelwatch.core.Window;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the binary encodings of what the topology keeps in topics and stores. Big-endian; a
 * string is its UTF-8 length (int) then its bytes; an instant is epoch seconds (long) then nanos
 * (int), so times keep their full precision. Window bounds are stored with the sign bit flipped, so
 * that the byte order of store keys is the order of windows.
 */
public final class Codec {
  private static final int STATS_BYTES = 8 + 12 + 12;
  private static final int WINDOW_BYTES = 16;
  private static final int FIELDS = Field.values().length;

  private Codec() {}

  /** The 20 values of {@code group}. */
  public static byte[] group(GroupKey group) {
    List<String> values = group.values();
    byte[][] utf8 = new byte[values.size()][];
    int size = 0;
    for (int i = 0; i < utf8.length; i++) {
      utf8[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
      size += 4 + utf8[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    for (byte[] v : utf8) {
      b.putInt(v.length).put(v);
    }
    return b.array();
  }

  /** A group read from {@code bytes} at {@code offset} to the end. */
  public static GroupKey group(byte[] bytes, int offset) {
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    List<String> values = new ArrayList<>(FIELDS);
    try {
      for (int i = 0; i < FIELDS; i++) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw new SerializationException("group value " + i + " has a bad length " + len);
        }
        values.add(new String(bytes, b.position(), len, StandardCharsets.UTF_8));
        b.position(b.position() + len);
      }
    } catch (BufferUnderflowException e) {
      throw new SerializationException("group key is truncated", e);
    }
    if (b.hasRemaining()) {
      throw new SerializationException("group key has " + b.remaining() + " trailing bytes");
    }
    return GroupKey.of(values);
  }

  /**
   * Count, first and last time (32 bytes); when the stats know where their events were read, then
   * a byte of flags (1 first origin, 2 last origin) and each origin as format, source (strings) and
   * line (long). Values of 32 bytes, written before origins were kept, still read.
   */
  public static byte[] stats(GroupStats s) {
    EventOrigin first = s.firstOrigin();
    EventOrigin last = s.lastOrigin();
    byte[][] origins = {origin(first), origin(last)};
    int extra = first == null && last == null ? 0 : 1 + origins[0].length + origins[1].length;
    ByteBuffer b = ByteBuffer.allocate(STATS_BYTES + extra).putLong(s.count());
    instant(b, s.firstTime());
    instant(b, s.lastTime());
    if (extra > 0) {
      b.put((byte) ((first == null ? 0 : 1) | (last == null ? 0 : 2))).put(origins[0]).put(origins[1]);
    }
    return b.array();
  }

  private static byte[] origin(@Nullable EventOrigin o) {
    if (o == null) {
      return new byte[0];
    }
    byte[] format = o.format().getBytes(StandardCharsets.UTF_8);
    byte[] source = o.source().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + format.length + 4 + source.length + 8)
        .putInt(format.length).put(format).putInt(source.length).put(source).putLong(o.line()).array();
  }

  /** Stats read back from {@link #stats(GroupStats)}. */
  public static GroupStats stats(byte[] bytes) {
    if (bytes.length < STATS_BYTES) {
      requireLength(bytes, STATS_BYTES, "group stats");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      long count = b.getLong();
      Instant first = instant(b);
      Instant last = instant(b);
      if (!b.hasRemaining()) {
        return new GroupStats(count, first, last);
      }
      int flags = b.get();
      if (flags < 1 || flags > 3) {
        throw new SerializationException("group stats origin flags must be 1 to 3 but were " + flags);
      }
      EventOrigin firstOrigin = (flags & 1) != 0 ? origin(b) : null;
      EventOrigin lastOrigin = (flags & 2) != 0 ? origin(b) : null;
      if (b.hasRemaining()) {
        throw new SerializationException("group stats have " + b.remaining() + " trailing bytes");
      }
      return new GroupStats(count, first, last, firstOrigin, lastOrigin);
    } catch (BufferUnderflowException e) {
      throw new SerializationException("group stats are truncated", e);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("group stats are invalid: " + e.getMessage(), e);
    }
  }

  private static EventOrigin origin(ByteBuffer b) {
    return new EventOrigin(string(b), string(b), b.getLong());
  }

  private static String string(ByteBuffer b) {
    int len = b.getInt();
    if (len < 0 || len > b.remaining()) {
      throw new SerializationException("group stats hold a string of bad length " + len);
    }
    byte[] utf8 = new byte[len];
    b.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** A store key: the window, then the group's encoding. */
  public static byte[] windowedGroup(Window w, byte[] group) {
    return ByteBuffer.allocate(WINDOW_BYTES + group.length)
        .putLong(w.start().getEpochSecond() ^ Long.MIN_VALUE)
        .putLong(w.end().getEpochSecond() ^ Long.MIN_VALUE)
        .put(group)
        .array();
  }

  /** The window of a store key. */
  public static Window window(byte[] windowedGroup) {
    if (windowedGroup.length < WINDOW_BYTES) {
      throw new SerializationException("store key is shorter than a window");
    }
    ByteBuffer b = ByteBuffer.wrap(windowedGroup);
    try {
      return new Window(
          Instant.ofEpochSecond(b.getLong() ^ Long.MIN_VALUE), Instant.ofEpochSecond(b.getLong() ^ Long.MIN_VALUE));
    } catch (DateTimeException | IllegalArgumentException e) {
      throw new SerializationException("store key holds no valid window", e);
    }
  }

  /** The group of a store key. */
  public static GroupKey windowedGroupKey(byte[] windowedGroup) {
    return group(windowedGroup, WINDOW_BYTES);
  }

  /** An observation: 1 byte kind (0 event, 1 tick), then its time. */
  public static byte[] observation(Observation o) {
    ByteBuffer b = ByteBuffer.allocate(13).put((byte) (o.tick() ? 1 : 0));
    instant(b, o.time());
    return b.array();
  }

  /** An observation read back from {@link #observation(Observation)}. */
  public static Observation observation(byte[] bytes) {
    requireLength(bytes, 13, "observation");
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte kind = b.get();
    if (kind != 0 && kind != 1) {
      throw new SerializationException("observation kind must be 0 or 1 but was " + kind);
    }
    return new Observation(instant(b), kind == 1);
  }

  private static void requireLength(byte[] bytes, int length, String what) {
    if (bytes.length != length) {
      throw new SerializationException(what + " must be " + length + " bytes but was " + bytes.length);
    }
  }

  private static void instant(ByteBuffer b, Instant t) {
    b.putLong(t.getEpochSecond()).putInt(t.getNano());
  }

  private static Instant instant(ByteBuffer b) {
    long seconds = b.getLong();
    int nanos = b.getInt();
    if (nanos < 0 || nanos > 999_999_999) {
      throw new SerializationException("nanoseconds out of range: " + nanos);
    }
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw new SerializationException("seconds out of range: " + seconds, e);
    }
  }
}
