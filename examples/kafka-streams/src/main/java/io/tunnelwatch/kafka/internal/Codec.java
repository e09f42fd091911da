// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

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

  /** Count, first and last time. */
  public static byte[] stats(GroupStats s) {
    ByteBuffer b = ByteBuffer.allocate(STATS_BYTES).putLong(s.count());
    instant(b, s.firstTime());
    instant(b, s.lastTime());
    return b.array();
  }

  /** Stats read back from {@link #stats(GroupStats)}. */
  public static GroupStats stats(byte[] bytes) {
    requireLength(bytes, STATS_BYTES, "group stats");
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      return new GroupStats(b.getLong(), instant(b), instant(b));
    } catch (IllegalArgumentException e) {
      throw new SerializationException("group stats are invalid: " + e.getMessage(), e);
    }
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
