package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Providers;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads lines of any mix of the registered {@link EventFormat}s into {@link ProcessEvent}s, and
 * accounts for every line: an event, a skip (blank or out of scope) or a rejection (malformed, with
 * its line number, field and reason). Each line goes to the only format that
 * {@linkplain EventFormat#recognises recognises} it, or else to the one that claims it most strongly,
 * so one input may interleave formats.
 *
 * <p>Reads a stream of bytes without loading it: memory per line is bounded by
 * {@link Builder#maxLineLength}; a longer line is rejected without being buffered. In lenient mode
 * (the default) reading goes on after a rejection; in strict mode it stops with a
 * {@link MalformedLineException}.
 *
 * <p><b>The prefilter</b> (opt-in, {@link Builder#prefilter}). Given the detection's predicate, the
 * reader passes over, without parsing, a line that cannot hold an event matching it, and counts it in
 * {@link ReadSummary#skipped()} and {@link ReadSummary#prefiltered()}: parsing is 5 to 30 times
 * slower than reading. The sink then receives every event that could match (and some that do not),
 * so a {@link Detection} with the same predicate finds the same results as without the prefilter;
 * the sink does not receive every event, and a prefiltered malformed line is not rejected. It is off
 * by default, because a reader that filtered for other names than its detection's would miss
 * matches silently; leave it off when every event is wanted (to count or explain events, or when
 * non-matching events must advance a {@link StreamingDetection}'s event time). Only lines of
 * formats that declare their {@link EventFormat#syntax()} are prefiltered, and never a line its format
 * {@linkplain EventFormat#mustParse must parse}. Why this never changes a result is written down in
 * {@code BENCHMARKS.md} and checked by {@code PrefilterProperties}: a line is passed over only when
 * no substring of its bytes folds to the names (ASCII case) and it has nothing that could hide one
 * (XML character references, CDATA, comments and processing instructions; JSON <code>&#92;u</code> escapes;
 * NUL bytes; the KELVIN SIGN when a name holds a {@code k}).
 *
 * <p>Not thread-safe. The reader keeps one parser per format for its lifetime, so what one input
 * taught a parser (CrowdStrike host names) serves the inputs read after it.
 *
 * @since 0.1.0
 */
public final class EventReader {
  /** The default maximum line length: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;

  /** The default number of rejections a summary lists. */
  public static final int DEFAULT_MAX_REJECTIONS = 100;

  private static final int BUFFER = 1 << 16;
  private static final long MIN_PARALLEL_BYTES = 8L << 20;

  private final List<EventFormat> formats;
  private final EventFormat[] formatArray; // the hot path indexes an array, not a list
  private final @Nullable LineParser[] parsers; // created on first use: a parser can be costly to start
  private final LineSyntax[] syntaxes;
  private final @Nullable Prefilter prefilter;
  private final boolean parallel;
  private final long minParallelBytes;
  private final int maxLineLength;
  private final boolean strict;
  private final int maxRejections;
  private final List<String> formatLoadProblems;

  private EventReader(Builder b) {
    this.formats = List.copyOf(b.formats);
    this.formatArray = formats.toArray(EventFormat[]::new);
    this.parsers = new LineParser[formats.size()];
    this.syntaxes = new LineSyntax[formats.size()];
    for (int i = 0; i < parsers.length; i++) {
      syntaxes[i] = Objects.requireNonNull(formats.get(i).syntax(), "syntax");
    }
    this.prefilter = b.prefilterPredicate == null ? null : Prefilter.of(b.prefilterPredicate);
    this.maxLineLength = b.maxLineLength;
    this.parallel = b.parallel;
    this.minParallelBytes = b.minParallelBytes;
    this.strict = b.strict;
    this.maxRejections = b.maxRejections;
    this.formatLoadProblems = List.copyOf(b.problems);
  }

  /** A builder with no formats. */
  public static Builder builder() {
    return new Builder();
  }

  /** The formats, in registration order. */
  public List<EventFormat> formats() {
    return formats;
  }

  /** One message per format provider that failed to load during discovery. */
  public List<String> formatLoadProblems() {
    return formatLoadProblems;
  }

  /**
   * Reads a file, gunzipping it when its name ends in {@code .gz}.
   *
   * @throws IOException when the file cannot be read
   * @throws MalformedLineException in strict mode, at the first malformed line
   */
  public ReadSummary read(Path file, Consumer<ProcessEvent> sink) throws IOException {
    if (parallel && prefilter != null && !file.toString().endsWith(".gz")) {
      long size = Files.size(file);
      if (size >= minParallelBytes) {
        return new TwoCoreRead(file, sink).run(size);
      }
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, BUFFER) : raw) {
      return read(in, file.toString(), sink);
    }
  }

  /**
   * Reads {@code in} to its end; does not close it.
   *
   * @param source the input's name for origins and messages
   * @throws IOException when the stream cannot be read
   * @throws MalformedLineException in strict mode, at the first malformed line
   */
  public ReadSummary read(InputStream in, String source, Consumer<ProcessEvent> sink) throws IOException {
    return new Pass(source, sink).run(in);
  }

  /** One read of one input. */
  private final class Pass {
    private final String source;
    private final Consumer<ProcessEvent> sink;
    private final List<Rejection> rejections = new ArrayList<>();
    private long lines;
    private long events;
    private long skipped;
    private long prefiltered;
    private long rejected;
    private long bytes;
    /** When set, this pass only prefilters: what must be parsed or rejected goes here, in order. */
    private final TwoCoreRead.@Nullable Collector collector;

    Pass(String source, Consumer<ProcessEvent> sink) {
      this(source, sink, null);
    }

    Pass(String source, Consumer<ProcessEvent> sink, TwoCoreRead.@Nullable Collector collector) {
      this.source = Objects.requireNonNull(source, "source");
      this.sink = Objects.requireNonNull(sink, "sink");
      this.collector = collector;
    }

    /** Parses a line that another pass collected, as line {@code number} of this input. */
    void replayParse(long number, byte[] b, int format) {
      lines = number;
      parse(b, 0, b.length, format);
    }

    /** Rejects a line that another pass collected, as line {@code number} of this input. */
    void replayReject(long number, @Nullable String format, @Nullable String field, String reason) {
      lines = number;
      reject(format, field, reason);
    }

    /** Adds what a collecting pass counted ({@code lines} becomes the absolute count). */
    void addCounts(long totalLines, long skippedLines, long prefilteredLines, long bytesRead) {
      lines = totalLines;
      skipped += skippedLines;
      prefiltered += prefilteredLines;
      bytes += bytesRead;
    }

    ReadSummary summary() {
      return new ReadSummary(lines, events, skipped, prefiltered, rejected, rejections, bytes);
    }

    ReadSummary run(InputStream in) throws IOException {
      byte[] buf = new byte[BUFFER];
      byte[] line = new byte[Math.min(BUFFER, maxLineLength + 1)];
      int lineLen = 0;
      boolean overflow = false;
      int n;
      while ((n = in.read(buf)) != -1) {
        bytes += n;
        int start = 0;
        for (int i = Swar.indexOf(buf, 0, n, (byte) '\n'); i >= 0; i = Swar.indexOf(buf, start, n, (byte) '\n')) {
          int chunk = i - start;
          if (overflow || lineLen + chunk > maxLineLength + 1) {
            tooLong();
          } else if (lineLen == 0) {
            line(buf, start, chunk);
          } else {
            line = append(line, lineLen, buf, start, chunk);
            line(line, 0, lineLen + chunk);
          }
          lineLen = 0;
          overflow = false;
          start = i + 1;
        }
        int rest = n - start;
        if (rest > 0 && !overflow) {
          if (lineLen + rest > maxLineLength + 1) {
            overflow = true; // drop the line's bytes until its end; it will be rejected
            lineLen = 0;
          } else {
            line = append(line, lineLen, buf, start, rest);
            lineLen += rest;
          }
        }
      }
      if (overflow) {
        tooLong();
      } else if (lineLen > 0) {
        line(line, 0, lineLen);
      }
      // A collecting pass counts only part of its lines: the reading thread adds up the whole.
      return collector == null ? summary() : ReadSummary.empty();
    }

    private byte[] append(byte[] line, int len, byte[] src, int off, int count) {
      byte[] target = line;
      if (len + count > target.length) {
        target = java.util.Arrays.copyOf(line, Math.max(len + count, Math.min(maxLineLength + 1, line.length * 2)));
      }
      System.arraycopy(src, off, target, len, count);
      return target;
    }

    private void tooLong() {
      lines++;
      reject(null, null, "line is longer than the maximum of " + maxLineLength + " bytes");
    }

    private void line(byte[] b, int off, int len) {
      lines++;
      if (len > 0 && b[off + len - 1] == '\r') {
        len--;
      }
      if (lines == 1 && collector == null && len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
        off += 3; // a UTF-8 byte order mark
        len -= 3;
      }
      if (len > maxLineLength) {
        reject(null, null, "line is longer than the maximum of " + maxLineLength + " bytes");
        return;
      }
      if (isBlank(b, off, len)) {
        skipped++;
        return;
      }
      int best = route(b, off, len);
      if (best < 0) {
        reject(null, null, "no registered format recognises this line (registered: " + formatIds() + ")");
        return;
      }
      if (prefilter != null
          && syntaxes[best] != LineSyntax.UNKNOWN
          && !prefilter.mayMatch(b, off, len, syntaxes[best])
          && !formatArray[best].mustParse(b, off, len)) {
        skipped++;
        prefiltered++;
        return;
      }
      if (collector != null) {
        collector.parse(lines, java.util.Arrays.copyOfRange(b, off, off + len), best);
        return;
      }
      parse(b, off, len, best);
    }

    /**
     * The format that reads a line: the only one that recognises it, else the one with the strongest
     * claim (the first registered on a tie); -1 when no format recognises it.
     */
    private int route(byte[] b, int off, int len) {
      int first = -1;
      for (int i = 0; i < formatArray.length; i++) {
        if (formatArray[i].recognises(b, off, len)) {
          if (first >= 0) {
            return strongest(b, off, len, first);
          }
          first = i;
        }
      }
      return first;
    }

    /** The strongest claim among the formats from {@code from} on (the first on a tie). */
    private int strongest(byte[] b, int off, int len, int from) {
      int best = -1;
      LineClaim bestClaim = LineClaim.NO;
      for (int i = from; i < formatArray.length; i++) {
        LineClaim c = formatArray[i].claim(b, off, len);
        if (c.compareTo(bestClaim) > 0) {
          best = i;
          bestClaim = c;
          if (c == LineClaim.FORMAT) {
            break;
          }
        }
      }
      return best;
    }

    private void parse(byte[] b, int off, int len, int best) {
      String format = formats.get(best).id();
      LineOutcome outcome;
      try {
        LineParser parser = parsers[best];
        if (parser == null) {
          parser = formats.get(best).newParser();
          parsers[best] = parser;
        }
        outcome = parser.parse(b, off, len, new EventOrigin(format, source, lines));
      } catch (RuntimeException e) {
        // A parser must not throw; if one does, the line is rejected and reading goes on.
        outcome = LineOutcome.reject(null, "parser failed: " + e.getClass().getSimpleName());
      }
      if (outcome instanceof LineOutcome.Parsed p) {
        events++;
        sink.accept(p.event());
      } else if (outcome instanceof LineOutcome.Skipped) {
        skipped++;
      } else if (outcome instanceof LineOutcome.Rejected r) {
        reject(format, r.field(), r.reason());
      }
    }

    private void reject(@Nullable String format, @Nullable String field, String reason) {
      if (collector != null) {
        collector.reject(lines, format, field, reason);
        return;
      }
      rejected++;
      Rejection r = new Rejection(source, lines, format, field, reason);
      if (strict) {
        throw new MalformedLineException(r);
      }
      if (rejections.size() < maxRejections) {
        rejections.add(r);
      }
    }
  }

  /**
   * A file read on two cores with results identical to {@link Pass#run}: a helper thread splits and
   * prefilters the second half of the file (from the first line start after the middle) and hands the
   * lines that must be parsed or rejected, in order, to the reading thread, which reads the first
   * half as usual and then parses those lines as their original line numbers. Parsing, the sink and
   * every parser's state stay on the reading thread, in input order. The hand-over queue is bounded,
   * so memory stays bounded when many lines must be parsed (the helper then waits).
   */
  private final class TwoCoreRead {
    private static final int BATCH_BYTES = 1 << 20;
    private static final int QUEUE_BATCHES = 32;

    private final Path file;
    private final Consumer<ProcessEvent> sink;
    private final java.util.concurrent.BlockingQueue<List<Object>> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(QUEUE_BATCHES);
    private volatile boolean cancelled;

    TwoCoreRead(Path file, Consumer<ProcessEvent> sink) {
      this.file = file;
      this.sink = sink;
    }

    ReadSummary run(long size) throws IOException {
      long middle = lineStartAfter(size / 2, size);
      Collector collector = new Collector();
      Thread helper = new Thread(() -> collector.collect(middle, size), "tunnelwatch-prefilter");
      helper.setDaemon(true);
      helper.start();
      try {
        Pass main = new Pass(file.toString(), sink);
        try (InputStream in = range(0, middle)) {
          main.run(in);
        }
        long base = main.lines;
        while (true) {
          List<Object> batch = take();
          if (batch.isEmpty()) {
            break;
          }
          for (Object item : batch) {
            if (item instanceof Collected.Parse p) {
              main.replayParse(base + p.line(), p.bytes(), p.format());
            } else if (item instanceof Collected.Reject r) {
              main.replayReject(base + r.line(), r.format(), r.field(), r.reason());
            }
          }
        }
        if (collector.failure != null) {
          throw collector.failure;
        }
        main.addCounts(base + collector.lines, collector.skipped, collector.prefiltered, collector.bytes);
        return main.summary();
      } finally {
        cancelled = true;
        queue.clear(); // lets a waiting helper see the cancellation
      }
    }

    private List<Object> take() throws IOException {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading " + file);
      }
    }

    /** The first position after {@code from} that starts a line (after a newline), or {@code size}. */
    private long lineStartAfter(long from, long size) throws IOException {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(BUFFER);
        long pos = from;
        while (pos < size) {
          buf.clear();
          int n = ch.read(buf, pos);
          if (n <= 0) {
            break;
          }
          int i = Swar.indexOf(buf.array(), 0, n, (byte) '\n');
          if (i >= 0) {
            return pos + i + 1;
          }
          pos += n;
        }
        return size;
      }
    }

    private InputStream range(long from, long to) throws IOException {
      java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
      ch.position(from);
      return new java.io.FilterInputStream(java.nio.channels.Channels.newInputStream(ch)) {
        private long left = to - from;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(b, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
    }

    /** The helper's pass: counts what it passes over and queues the rest. */
    final class Collector {
      private List<Object> batch = new ArrayList<>();
      private int batchBytes;
      long lines;
      long skipped;
      long prefiltered;
      long bytes;
      volatile @Nullable IOException failure;

      void collect(long from, long to) {
        Pass pass = new Pass(file.toString(), e -> { }, this);
        try (InputStream in = range(from, to)) {
          pass.run(in);
          lines = pass.lines;
          skipped = pass.skipped;
          prefiltered = pass.prefiltered;
          bytes = pass.bytes;
        } catch (IOException e) {
          failure = e;
        } catch (RuntimeException e) {
          failure = new IOException("prefiltering failed: " + e, e);
        }
        flush();
        put(List.of());
      }

      void parse(long line, byte[] bytes, int format) {
        batch.add(new Collected.Parse(line, bytes, format));
        batchBytes += bytes.length;
        if (batchBytes >= BATCH_BYTES) {
          flush();
        }
      }

      void reject(long line, @Nullable String format, @Nullable String field, String reason) {
        batch.add(new Collected.Reject(line, format, field, reason));
      }

      private void flush() {
        if (!batch.isEmpty()) {
          put(batch);
          batch = new ArrayList<>();
          batchBytes = 0;
        }
      }

      private void put(List<Object> items) {
        try {
          while (!cancelled && !queue.offer(items, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            // the reading thread is still on the first half, or gone (cancelled)
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** What a prefiltering pass hands to the reading thread. */
  private interface Collected {
    /** A line to parse with format {@code format} (a private hand-over: never compared or shared). */
    @SuppressWarnings("ArrayRecordComponent")
    record Parse(long line, byte[] bytes, int format) implements Collected {}

    /** A line to reject. */
    record Reject(long line, @Nullable String format, @Nullable String field, String reason) implements Collected {}
  }

  private String formatIds() {
    return formats.stream().map(EventFormat::id).toList().toString();
  }

  private static boolean isBlank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != 0x0B) {
        return false;
      }
    }
    return true;
  }

  /** Builds an {@link EventReader}. Not thread-safe. */
  public static final class Builder {
    private final List<EventFormat> formats = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private boolean strict;
    private int maxRejections = DEFAULT_MAX_REJECTIONS;
    private @Nullable DetectionPredicate prefilterPredicate;
    private boolean parallel;
    private long minParallelBytes = MIN_PARALLEL_BYTES;

    private Builder() {}

    /**
     * Passes over, unparsed, the lines that cannot hold an event matching {@code predicate}: give it
     * the predicate of the detection the events go to ({@code detection.predicate()}). Off by
     * default. Names with non-ASCII characters turn the prefilter off.
     */
    public Builder prefilter(DetectionPredicate predicate) {
      this.prefilterPredicate = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /**
     * Reads a file ({@link #read(Path, Consumer)}, not gzipped, at least 8 MiB, prefilter on) on two
     * threads: a helper prefilters the second half while this thread reads the first; parsing, the
     * sink and every parser's state stay on the calling thread, in input order, so the events, their
     * order, the summary and the rejections are those of a one-thread read. Default: off.
     */
    public Builder parallel(boolean parallel) {
      this.parallel = parallel;
      return this;
    }

    /** For tests: the smallest file read on two threads. */
    Builder minParallelBytes(long bytes) {
      this.minParallelBytes = bytes;
      return this;
    }

    /** Parses every line (the default): the sink receives every event in scope, matching or not. */
    public Builder noPrefilter() {
      this.prefilterPredicate = null;
      return this;
    }

    /** Adds a format; on equal claims, the one added first reads the line. */
    public Builder addFormat(EventFormat format) {
      formats.add(Objects.requireNonNull(format, "format"));
      return this;
    }

    /**
     * Adds every {@link EventFormat} that {@link java.util.ServiceLoader} finds through
     * {@code loader}, sorted by class name, skipping ids already added. A provider that fails to load
     * is logged and listed in {@link EventReader#formatLoadProblems()}.
     */
    public Builder addDiscoveredFormats(ClassLoader loader) {
      Providers.Loaded<EventFormat> loaded = Providers.load(EventFormat.class, loader);
      for (EventFormat f : loaded.providers()) {
        if (formats.stream().noneMatch(g -> g.id().equals(f.id()))) {
          formats.add(f);
        }
      }
      problems.addAll(loaded.problems());
      return this;
    }

    /**
     * The longest line read, in bytes; a longer one is rejected without being buffered.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder maxLineLength(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxLineLength must be positive but was " + bytes);
      }
      this.maxLineLength = bytes;
      return this;
    }

    /** Stop at the first malformed line with a {@link MalformedLineException} (default: go on). */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * How many rejections a summary lists (all are counted).
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder maxRejections(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("maxRejections must not be negative but was " + count);
      }
      this.maxRejections = count;
      return this;
    }

    /**
     * The reader.
     *
     * @throws IllegalStateException when no format was added or discovered
     */
    public EventReader build() {
      if (formats.isEmpty()) {
        throw new IllegalStateException(
            "no event format: add one with addFormat, or put an adapter module on the class path and call addDiscoveredFormats");
      }
      return new EventReader(this);
    }
  }
}
