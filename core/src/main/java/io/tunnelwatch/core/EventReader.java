package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Providers;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads lines of any mix of the registered {@link EventFormat}s into {@link ProcessEvent}s, and
 * accounts for every line: an event, a skip (blank or out of scope) or a rejection (malformed, with
 * its line number, field and reason). Each line goes to the only format that
 * {@linkplain EventFormat#recognises recognises} it, or else to the one that claims it most strongly,
 * so one input may interleave formats.
 *
 * <p>An input that is not lines is recognised by its first bytes: gzip is unpacked first, then an
 * input that a {@linkplain EventFormat#containers() container} of one of the formats recognises (an
 * EVTX file, an XML export) is read by that container, which accounts for every record as lines are
 * accounted for ({@link ReadSummary#records()}, with the record's number in origins and rejections).
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
  private static final int CHUNK_BYTES = 2 << 20;

  private final List<EventFormat> formats;
  private final EventFormat[] formatArray; // the hot path indexes an array, not a list
  private final @Nullable LineParser[] parsers; // created on first use: a parser can be costly to start
  private final LineSyntax[] syntaxes;
  private final @Nullable Prefilter prefilter;
  private final boolean parallel;
  private final long minParallelBytes;
  private final int chunkBytes;
  private final int maxLineLength;
  private final boolean strict;
  private final int maxRejections;
  private final List<String> formatLoadProblems;
  private final List<RecordContainer> containers;
  private final @Nullable DetectionPredicate prefilterPredicate;

  private EventReader(Builder b) {
    this.formats = List.copyOf(b.formats);
    Map<String, RecordContainer> byId = new LinkedHashMap<>();
    for (EventFormat f : formats) {
      for (RecordContainer c : f.containers()) {
        byId.putIfAbsent(c.id(), c);
      }
    }
    this.containers = List.copyOf(byId.values());
    this.prefilterPredicate = b.prefilterPredicate;
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
    this.chunkBytes = b.chunkBytes;
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
   * Reads a file as what its content says it is: gzip (recognised by its magic bytes, whatever the
   * file's name; then its content, as follows), a {@linkplain RecordContainer record container} of
   * one of the formats (an EVTX file, an XML export), else lines.
   *
   * @throws IOException when the file cannot be read
   * @throws MalformedLineException in strict mode, at the first malformed line
   */
  public ReadSummary read(Path file, Consumer<ProcessEvent> sink) throws IOException {
    return read(file, sink, position -> { });
  }

  /**
   * Reads a file as {@link #read(Path, Consumer)} does, and tells {@code progress} now and then (every
   * 64 KiB to 2 MiB, on the calling thread, never decreasing) how many of the file's bytes have
   * been read: for a progress bar over the file's size.
   *
   * @throws IOException when the file cannot be read
   * @throws MalformedLineException in strict mode, at the first malformed line
   * @since 0.1.0
   */
  public ReadSummary read(Path file, Consumer<ProcessEvent> sink, LongConsumer progress) throws IOException {
    Objects.requireNonNull(progress, "progress");
    byte[] head = new byte[RecordContainer.HEAD_BYTES];
    int headLength;
    try (InputStream in = Files.newInputStream(file)) {
      headLength = in.readNBytes(head, 0, head.length);
    }
    if (parallel && prefilter != null && !isGzip(head, headLength) && container(head, headLength) == null) {
      long size = Files.size(file);
      if (size >= minParallelBytes) {
        return new ParallelRead(file, sink, size, progress).run();
      }
    }
    try (InputStream raw = new Counting(Files.newInputStream(file), progress)) {
      return readContent(raw, file.toString(), sink);
    }
  }

  /** The first of the formats' containers that recognises {@code head}, or null. */
  private @Nullable RecordContainer container(byte[] head, int length) {
    for (RecordContainer c : containers) {
      if (c.recognises(head, length)) {
        return c;
      }
    }
    return null;
  }

  private static boolean isGzip(byte[] head, int length) {
    return length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
  }

  /** Tells {@code progress} how many bytes have been read from the stream, after each read. */
  private static final class Counting extends java.io.FilterInputStream {
    private final LongConsumer progress;
    private long position;

    Counting(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress.accept(++position);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        position += n;
        progress.accept(position);
      }
      return n;
    }
  }

  /**
   * Reads {@code in} to its end as {@link #read(Path, Consumer)} reads a file; does not close it.
   *
   * @param source the input's name for origins and messages
   * @throws IOException when the stream cannot be read
   * @throws MalformedLineException in strict mode, at the first malformed line
   */
  public ReadSummary read(InputStream in, String source, Consumer<ProcessEvent> sink) throws IOException {
    return readContent(in, source, sink);
  }

  /**
   * Reads {@code in} as what its content says it is: gzip (then its content, as below), a record
   * container of one of the formats (an EVTX file, an XML export), else lines.
   */
  private ReadSummary readContent(InputStream in, String source, Consumer<ProcessEvent> sink) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    buffered.mark(RecordContainer.HEAD_BYTES);
    byte[] head = buffered.readNBytes(RecordContainer.HEAD_BYTES);
    buffered.reset();
    if (isGzip(head, head.length)) {
      return readContent(new GZIPInputStream(buffered, BUFFER), source, sink);
    }
    RecordContainer container = container(head, head.length);
    Pass pass = new Pass(source, sink);
    if (container == null) {
      return pass.run(buffered);
    }
    pass.container = container;
    container.read(buffered, source, pass);
    return pass.summary();
  }

  /** One read of one input, or of one piece of a file that a {@link ParallelRead} hands out. */
  private final class Pass implements RecordSink {
    private final String source;
    private final Consumer<ProcessEvent> sink;
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<Rejection> warnings = new ArrayList<>();
    /** The container this pass reads for, or null for a line file. */
    private @Nullable RecordContainer container;
    private long lines;
    private long records;
    private long chunks;
    /** The number of the line or record being read, for origins and rejections. */
    private long current;
    private long events;
    private long skipped;
    private long prefiltered;
    private long rejected;
    private long bytes;
    /** When set, this pass only prefilters: what must be parsed or rejected goes here, in order. */
    private final @Nullable List<Collected> collected;
    /** Whether this pass reads a piece after the input's start (whose first line is not line 1). */
    private final boolean piece;

    Pass(String source, Consumer<ProcessEvent> sink) {
      this(source, sink, null, false);
    }

    Pass(String source, Consumer<ProcessEvent> sink, @Nullable List<Collected> collected, boolean piece) {
      this.source = Objects.requireNonNull(source, "source");
      this.sink = Objects.requireNonNull(sink, "sink");
      this.collected = collected;
      this.piece = piece;
    }

    /** Parses a line that another pass collected, as line {@code number} of this input. */
    void replayParse(long number, byte[] b, int format) {
      lines = number;
      current = number;
      parse(b, 0, b.length, format);
    }

    /** Rejects a line that another pass collected, as line {@code number} of this input. */
    void replayReject(long number, @Nullable String format, @Nullable String field, String reason) {
      lines = number;
      current = number;
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
      return new ReadSummary(lines, records, chunks, events, skipped, prefiltered, rejected, rejections, warnings, bytes);
    }

    ReadSummary run(InputStream in) throws IOException {
      run(in, false, Long.MAX_VALUE);
      return summary();
    }

    /**
     * Reads lines from {@code in}: after the first newline when {@code skipPartial} (the stream
     * starts inside, or just after the end of, a line that another pass reads), and up to, not
     * including, the first line that starts at or after stream position {@code limit}.
     */
    void run(InputStream in, boolean skipPartial, long limit) throws IOException {
      byte[] buf = new byte[BUFFER];
      byte[] line = new byte[Math.min(BUFFER, maxLineLength + 1)];
      int lineLen = 0;
      boolean overflow = false;
      boolean skipping = skipPartial;
      long first = 0; // where the first line read starts
      long position = 0; // of buf[0] in the stream
      int n;
      while ((n = in.read(buf)) != -1) {
        int start = 0;
        for (int i = Swar.indexOf(buf, 0, n, (byte) '\n'); i >= 0; i = Swar.indexOf(buf, start, n, (byte) '\n')) {
          int chunk = i - start;
          if (skipping) {
            skipping = false;
            first = position + i + 1;
          } else if (overflow || lineLen + chunk > maxLineLength + 1) {
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
          if (position + start >= limit) {
            bytes += position + start - first;
            return;
          }
        }
        int rest = n - start;
        if (rest > 0 && !overflow && !skipping) {
          if (lineLen + rest > maxLineLength + 1) {
            overflow = true; // drop the line's bytes until its end; it will be rejected
            lineLen = 0;
          } else {
            line = append(line, lineLen, buf, start, rest);
            lineLen += rest;
          }
        }
        position += n;
      }
      if (skipping) {
        return; // no line starts in this piece
      }
      if (overflow) {
        tooLong();
      } else if (lineLen > 0) {
        line(line, 0, lineLen);
      }
      bytes += position - first;
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
      current = ++lines;
      reject(null, null, "line is longer than the maximum of " + maxLineLength + " bytes");
    }

    private void line(byte[] b, int off, int len) {
      current = ++lines;
      if (len > 0 && b[off + len - 1] == '\r') {
        len--;
      }
      if (lines == 1 && !piece && len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
        off += 3; // a UTF-8 byte order mark
        len -= 3;
      }
      if (len > maxLineLength) {
        reject(null, null, "line is longer than the maximum of " + maxLineLength + " bytes");
        return;
      }
      read(b, off, len);
    }

    /** Routes, prefilters and parses one line, or one record given as a line. */
    private void read(byte[] b, int off, int len) {
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
      if (collected != null) {
        collected.add(new Collected.Parse(lines, Arrays.copyOfRange(b, off, off + len), best));
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
        outcome = parser.parse(b, off, len, new EventOrigin(format, source, current));
      } catch (RuntimeException e) {
        // A parser must not throw; if one does, the line is rejected and reading goes on.
        outcome = LineOutcome.reject(null, "parser failed: " + e.getClass().getSimpleName());
      }
      count(format, outcome);
    }

    private void count(String format, LineOutcome outcome) {
      if (outcome instanceof LineOutcome.Parsed p) {
        events++;
        sink.accept(p.event());
      } else if (outcome instanceof LineOutcome.Skipped) {
        skipped++;
      } else if (outcome instanceof LineOutcome.Rejected r) {
        reject(format, r.field(), r.reason());
      }
    }

    @Override
    public List<EventFormat> formats() {
      return formats;
    }

    @Override
    public @Nullable DetectionPredicate prefilter() {
      return prefilterPredicate;
    }

    @Override
    public void line(byte[] line, int offset, int length, long number) {
      Objects.checkFromIndexSize(offset, length, line.length);
      records++;
      current = number;
      if (length > maxLineLength) {
        reject(null, null, "record is longer than the maximum of " + maxLineLength + " bytes");
        return;
      }
      read(line, offset, length);
    }

    @Override
    public void outcome(long number, String format, LineOutcome outcome) {
      records++;
      current = number;
      count(Objects.requireNonNull(format, "format"), Objects.requireNonNull(outcome, "outcome"));
    }

    @Override
    public void reject(long number, @Nullable String field, String reason) {
      records++;
      current = number;
      reject(containerId(), field, reason);
    }

    @Override
    public void passedOver(long count) {
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative but was " + count);
      }
      records += count;
      skipped += count;
      prefiltered += count;
    }

    @Override
    public void chunk() {
      chunks++;
    }

    @Override
    public void warn(long number, String reason) {
      if (warnings.size() < maxRejections) {
        warnings.add(new Rejection(source, number, containerId(), null, reason));
      }
    }

    @Override
    public void progress(long position) {
      bytes = Math.max(bytes, position);
    }

    private @Nullable String containerId() {
      RecordContainer c = container;
      return c == null ? null : c.id();
    }

    private void reject(@Nullable String format, @Nullable String field, String reason) {
      if (collected != null) {
        collected.add(new Collected.Reject(lines, format, field, reason));
        return;
      }
      rejected++;
      Rejection r = new Rejection(source, current, format, field, reason);
      if (strict) {
        throw new MalformedLineException(r);
      }
      if (rejections.size() < maxRejections) {
        rejections.add(r);
      }
    }
  }

  /**
   * A file read on several threads with results identical to one {@link Pass}: the file is cut into
   * pieces of {@link #chunkBytes} (a line belongs to the piece it starts in), which every thread,
   * the calling one included, takes in turn and prefilters, keeping the lines to parse or reject.
   * The calling thread replays the pieces in order, parsing their lines as their line numbers in the
   * file, so parsing, the sink and every parser's state stay on it, in input order. Threads take
   * pieces at most {@link #AHEAD} ahead of the replay, so memory stays bounded when many lines must
   * be parsed.
   */
  private final class ParallelRead {
    private static final int AHEAD = 16;

    private final Path file;
    private final Consumer<ProcessEvent> sink;
    private final LongConsumer progress;
    private final int pieces;
    private final @Nullable Piece[] done;
    private final Object lock = new Object();
    private int next; // the next piece to take; guarded by lock
    private int replayed; // pieces replayed so far; guarded by lock
    private boolean cancelled; // guarded by lock
    private @Nullable IOException failure; // guarded by lock

    ParallelRead(Path file, Consumer<ProcessEvent> sink, long size, LongConsumer progress) {
      this.file = file;
      this.sink = sink;
      this.progress = progress;
      this.pieces = (int) Math.max(1, (size + chunkBytes - 1) / chunkBytes);
      this.done = new Piece[pieces];
    }

    ReadSummary run() throws IOException {
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
        int helpers = Math.min(Runtime.getRuntime().availableProcessors(), 8) - 1;
        for (int h = 0; h < helpers; h++) {
          Thread t = new Thread(() -> help(channel), "tunnelwatch-read-" + (h + 1));
          t.setDaemon(true);
          t.start();
        }
        try {
          return replay(channel);
        } finally {
          synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
          }
        }
      }
    }

    /** The calling thread: replays the pieces in order, taking pieces itself while it waits. */
    private ReadSummary replay(java.nio.channels.FileChannel channel) throws IOException {
      Pass main = new Pass(file.toString(), sink);
      long base = 0;
      long position = 0;
      for (int k = 0; k < pieces; k++) {
        Piece p = awaitOrHelp(k, channel);
        for (Collected item : p.items) {
          if (item instanceof Collected.Parse c) {
            main.replayParse(base + c.line(), c.bytes(), c.format());
          } else if (item instanceof Collected.Reject r) {
            main.replayReject(base + r.line(), r.format(), r.field(), r.reason());
          }
        }
        base += p.lines;
        main.addCounts(base, p.skipped, p.prefiltered, p.bytes);
        position += p.bytes;
        progress.accept(position);
        synchronized (lock) {
          done[k] = null;
          replayed = k + 1;
          lock.notifyAll();
        }
      }
      return main.summary();
    }

    private Piece awaitOrHelp(int k, java.nio.channels.FileChannel channel) throws IOException {
      while (true) {
        int take;
        synchronized (lock) {
          if (failure != null) {
            throw failure;
          }
          Piece p = done[k];
          if (p != null) {
            return p;
          }
          take = next < pieces && next < k + AHEAD ? next++ : -1;
          if (take < 0) {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException("interrupted while reading " + file);
            }
            continue;
          }
        }
        finish(take, read(take, channel));
      }
    }

    /** A helper thread: takes pieces until none is left or the read ends. */
    private void help(java.nio.channels.FileChannel channel) {
      while (true) {
        int take;
        synchronized (lock) {
          while (!cancelled && next < pieces && next >= replayed + AHEAD) {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              return;
            }
          }
          if (cancelled || next >= pieces) {
            return;
          }
          take = next++;
        }
        try {
          finish(take, read(take, channel));
        } catch (IOException e) {
          fail(e);
          return;
        } catch (RuntimeException e) {
          fail(new IOException("prefiltering failed: " + e, e));
          return;
        } catch (Error e) {
          // The piece will never be done: the calling thread must not wait for it forever.
          fail(new IOException("prefiltering failed: " + e, e));
          throw e;
        }
      }
    }

    private void finish(int k, Piece p) {
      synchronized (lock) {
        done[k] = p;
        lock.notifyAll();
      }
    }

    private void fail(IOException e) {
      synchronized (lock) {
        if (failure == null) {
          failure = e;
        }
        lock.notifyAll();
      }
    }

    /** Prefilters the lines that start in piece {@code k}. */
    private Piece read(int k, java.nio.channels.FileChannel channel) throws IOException {
      List<Collected> items = new ArrayList<>();
      Pass pass = new Pass(file.toString(), e -> { }, items, k > 0);
      long from = (long) k * chunkBytes;
      if (k == 0) {
        pass.run(positional(channel, 0), false, chunkBytes);
      } else {
        // from the byte before the piece: a newline there means a line starts at the piece's start
        pass.run(positional(channel, from - 1), true, chunkBytes + 1L);
      }
      return new Piece(items, pass.lines, pass.skipped, pass.prefiltered, pass.bytes);
    }

    private InputStream positional(java.nio.channels.FileChannel channel, long start) {
      return new InputStream() {
        private long position = start;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = channel.read(java.nio.ByteBuffer.wrap(b, off, len), position);
          if (n > 0) {
            position += n;
          }
          return n;
        }

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }
      };
    }
  }

  /** What a piece's prefiltering pass counted and kept. */
  private record Piece(List<Collected> items, long lines, long skipped, long prefiltered, long bytes) {}

  /** What a prefiltering pass keeps for the reading thread. */
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
    private int chunkBytes = CHUNK_BYTES;

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
     * Reads a file ({@link #read(Path, Consumer)}, not gzipped, at least 8 MiB, prefilter on) on as
     * many threads as the JVM has processors: they split and prefilter pieces of the file, and the
     * calling thread, which takes pieces too, parses what they kept in input order. Parsing, the sink
     * and every parser's state stay on the calling thread, so the events, their order, the summary
     * and the rejections are those of a one-thread read. Default: off.
     */
    public Builder parallel(boolean parallel) {
      this.parallel = parallel;
      return this;
    }

    /** For tests: the smallest file read on several threads. */
    Builder minParallelBytes(long bytes) {
      this.minParallelBytes = bytes;
      return this;
    }

    /** For tests: the size of the pieces a parallel read hands out. */
    Builder chunkBytes(int bytes) {
      this.chunkBytes = bytes;
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
