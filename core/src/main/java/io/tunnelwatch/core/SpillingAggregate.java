// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DetectionAggregate} that holds at most a memory budget of groups: past it, the groups
 * held are written to a temporary file as a run sorted by {@link GroupKey}, and memory starts
 * again. {@link #forEachSorted} merges the runs and what is left in memory (a k-way merge that
 * adds the stats of equal keys), so it sees exactly the groups of an unbounded aggregate, in key
 * order. Runs are exact: values are written as UTF-16 code units (lone surrogates included), times
 * to the nanosecond. The files live in one directory of their own, deleted by {@link #close} or,
 * failing that, when the JVM exits. Not thread-safe.
 */
final class SpillingAggregate implements AutoCloseable {
  /** Runs merged at once; more are first merged into longer runs, so open files stay bounded. */
  static final int MAX_FAN_IN = 64;

  /**
   * A group's heap beyond its values: the map node, key and array of 20 references, stats and two
   * instants (measured with GroupMemory: about 400 bytes for short values).
   */
  private static final long GROUP_BYTES = 320;

  /** A value's heap beyond its characters: the String and its array headers, and the slot. */
  private static final long VALUE_BYTES = 48;

  private final long budget;
  private final Path parent;
  private DetectionAggregate memory = new DetectionAggregate();
  private long used;
  private @Nullable Path directory;
  private final List<Path> runs = new ArrayList<>();
  private int created;

  /**
   * @param budget the estimated heap the groups in memory may take, in bytes
   * @param parent the directory in which a directory for the runs is created on the first spill
   */
  SpillingAggregate(long budget, Path parent) {
    this.budget = budget;
    this.parent = parent;
  }

  /** Adds one event; spills first when its group is new and the budget is reached. */
  void add(ProcessEvent event) {
    int before = memory.size();
    memory.add(event);
    if (memory.size() != before) {
      used += cost(event.groupKey());
      if (used >= budget) {
        spill();
      }
    }
  }

  /** The estimated heap of one group: the fields' characters, as if no value were shared. */
  static long cost(GroupKey key) {
    long bytes = GROUP_BYTES;
    for (int i = 0; i < Field.count(); i++) {
      bytes += VALUE_BYTES + key.get(Field.byIndex(i)).length();
    }
    return bytes;
  }

  /** The groups held in memory, since the last spill. */
  DetectionAggregate memory() {
    return memory;
  }

  /** The number of runs written to disk so far. */
  int spills() {
    return created;
  }

  /** Writes the groups in memory as a sorted run and empties memory. */
  private void spill() {
    List<Map.Entry<GroupKey, GroupStats>> sorted = sortedMemory();
    memory = new DetectionAggregate();
    used = 0;
    Path run = newRun();
    try (RunWriter w = new RunWriter(run, 1 << 16)) {
      for (Map.Entry<GroupKey, GroupStats> e : sorted) {
        w.write(e.getKey(), e.getValue());
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
    runs.add(run);
  }

  private List<Map.Entry<GroupKey, GroupStats>> sortedMemory() {
    List<Map.Entry<GroupKey, GroupStats>> sorted = new ArrayList<>(memory.groups().entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    return sorted;
  }

  private Path newRun() {
    try {
      Path dir = directory;
      if (dir == null) {
        dir = Files.createTempDirectory(parent, "tunnelwatch-groups-");
        dir.toFile().deleteOnExit(); // registered first, so deleted after its files
        directory = dir;
      }
      Path run = dir.resolve("run-" + created++);
      Files.createFile(run);
      run.toFile().deleteOnExit();
      return run;
    } catch (IOException e) {
      throw failure("create", e);
    }
  }

  private UncheckedIOException failure(String what, IOException e) {
    return new UncheckedIOException(
        "cannot " + what + " a run of result groups in the temporary directory " + parent + ": " + e.getMessage(), e);
  }

  /**
   * Hands every group to {@code action} in key order, the stats of a key that spilled more than
   * once merged, then releases memory and deletes the runs.
   */
  void forEachSorted(BiConsumer<GroupKey, GroupStats> action) {
    if (runs.isEmpty()) {
      // The common case: everything fit, nothing to merge.
      List<Map.Entry<GroupKey, GroupStats>> sorted = sortedMemory();
      memory = new DetectionAggregate();
      for (Map.Entry<GroupKey, GroupStats> e : sorted) {
        action.accept(e.getKey(), e.getValue());
      }
      return;
    }
    int buffer = (int) Math.max(4096, Math.min(1 << 16, budget / (4L * MAX_FAN_IN)));
    try {
      while (runs.size() >= MAX_FAN_IN) {
        List<Path> merged = new ArrayList<>(runs.subList(0, MAX_FAN_IN));
        runs.subList(0, MAX_FAN_IN).clear();
        Path longer = newRun();
        try (RunWriter w = new RunWriter(longer, buffer)) {
          merge(merged, List.<Map.Entry<GroupKey, GroupStats>>of().iterator(), buffer, w::write);
        }
        runs.add(longer);
      }
      Iterator<Map.Entry<GroupKey, GroupStats>> rest = sortedMemory().iterator();
      memory = new DetectionAggregate();
      List<Path> all = new ArrayList<>(runs);
      runs.clear();
      merge(all, rest, buffer, action::accept);
    } catch (IOException e) {
      throw failure("read", e);
    } finally {
      close();
    }
  }

  /** An action on a merged group that may fail with an I/O error. */
  private interface GroupSink {
    void accept(GroupKey key, GroupStats stats) throws IOException;
  }

  /** The k-way merge of sorted runs and a sorted iterator, deleting each run once read. */
  private static void merge(
      List<Path> files, Iterator<Map.Entry<GroupKey, GroupStats>> memory, int buffer, GroupSink action)
      throws IOException {
    List<Source> sources = new ArrayList<>();
    PriorityQueue<Source> queue = new PriorityQueue<>(
        Comparator.comparing((Source s) -> s.key()).thenComparingInt(Source::order));
    try {
      for (Path f : files) {
        sources.add(new RunReader(f, sources.size(), buffer));
      }
      sources.add(new MemorySource(memory, sources.size()));
      for (Source s : sources) {
        if (s.advance()) {
          queue.add(s);
        }
      }
      while (!queue.isEmpty()) {
        Source s = queue.poll();
        GroupKey key = s.key();
        GroupStats stats = s.stats();
        if (s.advance()) {
          queue.add(s);
        }
        while (!queue.isEmpty() && queue.peek().key().equals(key)) {
          Source same = queue.poll();
          stats = stats.merge(same.stats());
          if (same.advance()) {
            queue.add(same);
          }
        }
        action.accept(key, stats);
      }
    } finally {
      for (Source s : sources) {
        s.close();
      }
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** Deletes every run and the directory; memory is emptied. Idempotent. */
  @Override
  public void close() {
    memory = new DetectionAggregate();
    used = 0;
    Path dir = directory;
    if (dir == null) {
      return;
    }
    try {
      for (Path run : runs) {
        Files.deleteIfExists(run);
      }
      runs.clear();
      try (var left = Files.list(dir)) {
        for (Path p : (Iterable<Path>) left::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
      directory = null;
    } catch (IOException e) {
      throw failure("delete", e);
    }
  }

  /** One sorted source of groups in a merge. */
  private abstract static class Source {
    private final int order;
    @Nullable GroupKey key;
    @Nullable GroupStats stats;

    Source(int order) {
      this.order = order;
    }

    /** Moves to the next group; false at the end. */
    abstract boolean advance() throws IOException;

    void close() throws IOException {}

    final int order() {
      return order;
    }

    final GroupKey key() {
      return java.util.Objects.requireNonNull(key, "key");
    }

    final GroupStats stats() {
      return java.util.Objects.requireNonNull(stats, "stats");
    }
  }

  private static final class MemorySource extends Source {
    private final Iterator<Map.Entry<GroupKey, GroupStats>> it;

    MemorySource(Iterator<Map.Entry<GroupKey, GroupStats>> it, int order) {
      super(order);
      this.it = it;
    }

    @Override
    boolean advance() {
      if (!it.hasNext()) {
        return false;
      }
      Map.Entry<GroupKey, GroupStats> e = it.next();
      key = e.getKey();
      stats = e.getValue();
      return true;
    }
  }

  /**
   * A run's record: a 20-bit mask of the fields equal to the previous record's (sorted runs repeat
   * most of them), the other values as a char count and the chars in modified UTF-8 (surrogates
   * one by one, so any Java string comes back equal), then count and both times, then a byte of
   * flags (1 first origin, 2 last origin, 4 the last is the first) and those origins.
   */
  private static final class RunWriter implements AutoCloseable {
    private final DataOutputStream out;
    private @Nullable GroupKey previous;
    private @Nullable EventOrigin previousOrigin;
    private byte[] bytes = new byte[256];

    RunWriter(Path file, int buffer) throws IOException {
      this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), buffer));
    }

    void write(GroupKey key, GroupStats stats) throws IOException {
      int same = 0;
      GroupKey p = previous;
      if (p != null) {
        for (int i = 0; i < Field.count(); i++) {
          if (p.get(Field.byIndex(i)).equals(key.get(Field.byIndex(i)))) {
            same |= 1 << i;
          }
        }
      }
      out.writeInt(same);
      for (int i = 0; i < Field.count(); i++) {
        if ((same & (1 << i)) == 0) {
          writeString(key.get(Field.byIndex(i)));
        }
      }
      out.writeLong(stats.count());
      writeInstant(stats.firstTime());
      writeInstant(stats.lastTime());
      EventOrigin first = stats.firstOrigin();
      EventOrigin last = stats.lastOrigin();
      boolean once = first != null && first.equals(last);
      out.writeByte((first == null ? 0 : 1) | (last == null ? 0 : 2) | (once ? 4 : 0));
      if (first != null) {
        writeOrigin(first);
      }
      if (last != null && !once) {
        writeOrigin(last);
      }
      previous = key;
    }

    /** An origin: a byte 1 when its format and source are the previous origin's, else 0 and both; then the line. */
    private void writeOrigin(EventOrigin o) throws IOException {
      EventOrigin p = previousOrigin;
      if (p != null && p.format().equals(o.format()) && p.source().equals(o.source())) {
        out.writeByte(1);
      } else {
        out.writeByte(0);
        writeString(o.format());
        writeString(o.source());
      }
      out.writeLong(o.line());
      previousOrigin = o;
    }

    private void writeInstant(Instant t) throws IOException {
      long seconds = t.getEpochSecond();
      out.writeLong(seconds);
      out.writeInt(t.getNano());
    }

    private void writeString(String s) throws IOException {
      int n = s.length();
      if (bytes.length < 3 * n) {
        bytes = new byte[Math.max(3 * n, 2 * bytes.length)];
      }
      int at = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c != 0 && c < 0x80) {
          bytes[at++] = (byte) c;
        } else if (c < 0x800) {
          bytes[at++] = (byte) (0xc0 | (c >> 6));
          bytes[at++] = (byte) (0x80 | (c & 0x3f));
        } else {
          bytes[at++] = (byte) (0xe0 | (c >> 12));
          bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
          bytes[at++] = (byte) (0x80 | (c & 0x3f));
        }
      }
      out.writeInt(n);
      out.writeInt(at);
      out.write(bytes, 0, at);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static final class RunReader extends Source {
    private final DataInputStream in;
    private final String[] values = new String[Field.count()];
    private @Nullable EventOrigin previousOrigin;
    private char[] chars = new char[256];
    private byte[] bytes = new byte[256];

    RunReader(Path file, int order, int buffer) throws IOException {
      super(order);
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), buffer));
    }

    @Override
    boolean advance() throws IOException {
      int same;
      try {
        same = in.readInt();
      } catch (EOFException end) {
        return false;
      }
      for (int i = 0; i < values.length; i++) {
        if ((same & (1 << i)) == 0) {
          values[i] = readString();
        }
      }
      key = new GroupKey(values.clone());
      long count = in.readLong();
      Instant firstTime = Instant.ofEpochSecond(in.readLong(), in.readInt());
      Instant lastTime = Instant.ofEpochSecond(in.readLong(), in.readInt());
      int origins = in.readByte();
      EventOrigin first = (origins & 1) != 0 ? readOrigin() : null;
      EventOrigin last = (origins & 4) != 0 ? first : (origins & 2) != 0 ? readOrigin() : null;
      stats = new GroupStats(count, firstTime, lastTime, first, last);
      return true;
    }

    /** An origin as {@code RunWriter.writeOrigin} wrote it; format and source shared with the previous one. */
    private EventOrigin readOrigin() throws IOException {
      EventOrigin p = previousOrigin;
      EventOrigin o = in.readByte() == 1 && p != null
          ? new EventOrigin(p.format(), p.source(), in.readLong())
          : new EventOrigin(readString(), readString(), in.readLong());
      previousOrigin = o;
      return o;
    }

    private String readString() throws IOException {
      int n = in.readInt();
      int size = in.readInt();
      if (chars.length < n) {
        chars = new char[Math.max(n, 2 * chars.length)];
      }
      if (bytes.length < size) {
        bytes = new byte[Math.max(size, 2 * bytes.length)];
      }
      in.readFully(bytes, 0, size);
      int at = 0;
      for (int i = 0; i < n; i++) {
        int b = bytes[at++] & 0xff;
        if (b < 0x80) {
          chars[i] = (char) b;
        } else if (b < 0xe0) {
          chars[i] = (char) (((b & 0x1f) << 6) | (bytes[at++] & 0x3f));
        } else {
          int b2 = bytes[at++] & 0x3f;
          chars[i] = (char) (((b & 0x0f) << 12) | (b2 << 6) | (bytes[at++] & 0x3f));
        }
      }
      return new String(chars, 0, n);
    }

    @Override
    void close() throws IOException {
      in.close();
    }
  }
}
