// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.MalformedLineException;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the line reading behind {@link io.tunnelwatch.core.EventReader}: splitting a stream into
 * lines, routing each to a format, the prefilter, parsing and accounting ({@link Pass}), and the
 * parallel read of large files ({@link ParallelRead}). Holds one parser per format for its lifetime.
 * Not thread-safe.
 */
public final class LineReader {
  /** Told how many records and chunks a pass has counted. */
  @FunctionalInterface
  public interface RecordProgress {
    /** The counts so far. */
    void counted(long records, long chunks);
  }

  static final int BUFFER = 1 << 16;

  /**
   * What the reader was built with.
   *
   * @param formats the formats, in registration order
   * @param prefilter the predicate of the prefilter, or null for none
   * @param maxLineLength the longest line read, in bytes
   * @param strict whether the first rejection ends the read
   * @param maxRejections how many rejections and warnings a summary lists
   * @param threads how many threads read a large file (1: the calling thread alone)
   * @param executor runs the reading tasks of the threads after the calling one
   * @param minParallelBytes the smallest file read on several threads
   * @param chunkBytes the size of the pieces a parallel read hands out
   * @param sourceZone the zone of times written without one
   */
  public record Settings(
      List<EventFormat> formats, @Nullable DetectionPredicate prefilter, int maxLineLength, boolean strict,
      int maxRejections, int threads, Executor executor, long minParallelBytes, int chunkBytes,
      ZoneId sourceZone) {
    /** Copies the formats. */
    public Settings {
      formats = List.copyOf(formats);
      Objects.requireNonNull(sourceZone, "sourceZone");
    }
  }

  private final List<EventFormat> formats;
  private final EventFormat[] formatArray; // the hot path indexes an array, not a list
  private final @Nullable LineParser[] parsers; // created on first use: a parser can be costly to start
  private final LineSyntax[] syntaxes;
  private final @Nullable Prefilter prefilter;
  private final @Nullable DetectionPredicate prefilterPredicate;
  private final int maxLineLength;
  private final boolean strict;
  private final int maxRejections;
  final int threads;
  final Executor executor;
  private final long minParallelBytes;
  final int chunkBytes;
  private final ZoneId sourceZone;

  /** A reader with {@code settings}. */
  public LineReader(Settings settings) {
    this.formats = settings.formats();
    this.formatArray = formats.toArray(EventFormat[]::new);
    this.parsers = new LineParser[formats.size()];
    this.syntaxes = new LineSyntax[formats.size()];
    for (int i = 0; i < parsers.length; i++) {
      syntaxes[i] = Objects.requireNonNull(formats.get(i).syntax(), "syntax");
    }
    this.prefilterPredicate = settings.prefilter();
    this.prefilter = prefilterPredicate == null ? null : Prefilter.of(prefilterPredicate);
    this.maxLineLength = settings.maxLineLength();
    this.strict = settings.strict();
    this.maxRejections = settings.maxRejections();
    this.threads = settings.threads();
    this.executor = settings.executor();
    this.minParallelBytes = settings.minParallelBytes();
    this.chunkBytes = settings.chunkBytes();
    this.sourceZone = settings.sourceZone();
  }

  /** A pass over one input whose events go to {@code sink}. */
  public Pass pass(String source, Consumer<ProcessEvent> sink) {
    return new Pass(source, sink);
  }

  /** Whether a file of {@code size} bytes (lines, not gzipped) is read on several threads. */
  public boolean readsInParallel(long size) {
    return threads > 1 && prefilter != null && size >= minParallelBytes;
  }

  /**
   * Reads a file on several threads with the results of one {@link Pass}; see {@link ParallelRead}.
   *
   * @param progress told the position in the file now and then, on the calling thread
   */
  public ReadSummary readParallel(Path file, Consumer<ProcessEvent> sink, long size, LongConsumer progress)
      throws IOException {
    return new ParallelRead(this, file, sink, size, progress).run();
  }

  /**
   * One read of one input, or of one piece of a file that a {@link ParallelRead} hands out; the
   * {@link RecordSink} a container reports to. Not thread-safe.
   */
  public final class Pass implements RecordSink {
    private final String source;
    private final Consumer<ProcessEvent> sink;
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<Rejection> warnings = new ArrayList<>();
    private @Nullable RecordProgress recordProgress;
    /** The container this pass reads for, or null for a line file. */
    private @Nullable RecordContainer container;
    long lines;
    private long records;
    private long chunks;
    /** The number of the line or record being read, for origins and rejections. */
    private long current;
    private long events;
    long skipped;
    long prefiltered;
    /** Lines and records that a format recognised, whatever became of them. */
    long recognised;
    private long rejected;
    private long zonelessTimes;
    long bytes;
    /** When set, this pass only prefilters: what must be parsed or rejected goes here, in order. */
    private final @Nullable List<Collected> collected;
    /**
     * The syntax that the prefilter scans the next line for while it looks for the line's end: the
     * last line's, when {@link Prefilter#findsLines} (lines of a file are mostly of one format).
     */
    private @Nullable LineSyntax scanFor;
    /** What {@link #lineEnd} found of the line it scanned: a {@link LineReader#verdict}, or none. */
    private int scanned = UNSCANNED;
    Pass(String source, Consumer<ProcessEvent> sink) {
      this(source, sink, null);
    }

    Pass(String source, Consumer<ProcessEvent> sink, @Nullable List<Collected> collected) {
      this.source = Objects.requireNonNull(source, "source");
      this.sink = Objects.requireNonNull(sink, "sink");
      this.collected = collected;
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
    void addCounts(long totalLines, long skippedLines, long prefilteredLines, long recognisedLines, long bytesRead) {
      lines = totalLines;
      recognised += recognisedLines;
      skipped += skippedLines;
      prefiltered += prefilteredLines;
      bytes += bytesRead;
    }

    /** Told the records and chunks counted so far, after each chunk and every 1,024 records. */
    public void progress(RecordProgress p) {
      this.recordProgress = p;
    }

    private void counted(boolean chunk) {
      RecordProgress p = recordProgress;
      if (p != null && (chunk || (records & 1023) == 0)) {
        p.counted(records, chunks);
      }
    }

    /** Reads records for {@code c}: its id names the rejections and warnings it reports. */
    public void container(RecordContainer c) {
      this.container = c;
    }

    /** Whether this pass reads for a record container. */
    public boolean hasContainer() {
      return container != null;
    }

    /** What this pass has read so far. */
    public ReadSummary summary() {
      return new ReadSummary(
          lines, records, chunks, events, skipped, prefiltered, rejected, recognised, zonelessTimes, rejections, warnings,
          bytes);
    }

    /** Reads {@code in} to its end as lines; does not close it. */
    public ReadSummary run(InputStream in) throws IOException {
      run(in, false, Long.MAX_VALUE);
      return summary();
    }

    /**
     * Reads {@code b} to its end as lines, in place: what {@link #run(InputStream)} reads from the
     * same bytes, with no buffer beyond the array itself.
     */
    public ReadSummary run(byte[] b) {
      int start = 0;
      for (int i = lineEnd(b, 0, b.length, true); i >= 0; i = lineEnd(b, start, b.length, true)) {
        framed(b, start, i - start, scanned);
        start = i + 1;
        if (b[i] == '\r' && start < b.length && b[start] == '\n') {
          start++;
        }
      }
      if (start < b.length) {
        framed(b, start, b.length - start, UNSCANNED);
      }
      bytes += b.length;
      return summary();
    }

    /** One line as the stream framing sees it: longer than the maximum and one byte, it is not read at all. */
    private void framed(byte[] b, int off, int len, int verdict) {
      if (len > maxLineLength + 1) {
        tooLong();
      } else {
        line(b, off, len, verdict);
      }
    }

    /**
     * The first line end (CR or LF) in {@code [from, to)}, or -1. When a line starts at
     * {@code from} and the last line's syntax is one the prefilter scans lines for, it is scanned
     * for that syntax in the same pass, and {@link #scanned} holds the verdict for {@link #read};
     * else {@link LineReader#UNSCANNED}.
     */
    private int lineEnd(byte[] b, int from, int to, boolean lineStart) {
      scanned = UNSCANNED;
      Prefilter p = prefilter;
      LineSyntax s = scanFor;
      if (!lineStart || p == null || s == null) {
        return Swar.indexOfLineEnd(b, from, to);
      }
      long r = p.scanLine(b, from, to, s);
      if (r < 0) {
        return -1;
      }
      scanned = verdict(s, (r & Prefilter.MAY) != 0);
      return (int) (r >>> 1);
    }

    /**
     * Reads lines from {@code in}: after the first line end when {@code skipPartial} (the stream
     * starts inside, or just after the end of, a line that another pass reads), and up to, not
     * including, the first line that starts at or after stream position {@code limit}. A line ends
     * at LF, CRLF or a lone CR (old Mac files, and what Splunk's default line breaker splits on).
     */
    void run(InputStream in, boolean skipPartial, long limit) throws IOException {
      byte[] buf = new byte[BUFFER];
      byte[] line = new byte[Math.min(BUFFER, maxLineLength + 1)];
      int lineLen = 0;
      boolean overflow = false;
      boolean skipping = skipPartial;
      boolean afterCr = false; // the last buffer ended with a CR: an LF first in this one belongs to it
      long first = 0; // where the first line read starts
      long position = 0; // of buf[0] in the stream
      int n;
      while ((n = in.read(buf)) != -1) {
        int start = 0;
        if (afterCr && n > 0) {
          afterCr = false;
          if (buf[0] == '\n') {
            start = 1;
            if (first == position) {
              first++; // the skipped part ended with this CRLF
            }
          }
          if (position + start >= limit) {
            bytes += position + start - first;
            return;
          }
        }
        boolean lineStart = lineLen == 0 && !overflow && !skipping && !afterCr;
        for (int i = lineEnd(buf, start, n, lineStart); i >= 0; i = lineEnd(buf, start, n, true)) {
          int chunk = i - start;
          int next = i + 1;
          if (buf[i] == '\r') {
            if (next == n) {
              afterCr = true; // whether an LF follows is known at the next read
            } else if (buf[next] == '\n') {
              next++;
            }
          }
          if (skipping) {
            skipping = false;
            first = position + next;
          } else if (overflow || lineLen + chunk > maxLineLength + 1) {
            tooLong();
          } else if (lineLen == 0) {
            line(buf, start, chunk, scanned);
          } else {
            line = append(line, lineLen, buf, start, chunk);
            line(line, 0, lineLen + chunk, UNSCANNED);
          }
          lineLen = 0;
          overflow = false;
          start = next;
          if (!afterCr && position + start >= limit) {
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
        line(line, 0, lineLen, UNSCANNED);
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

    /** One line; {@code verdict} is what {@link #lineEnd} found of it, or {@link LineReader#UNSCANNED}. */
    private void line(byte[] b, int off, int len, int verdict) {
      current = ++lines;
      if (len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
        off += 3; // a UTF-8 byte order mark: first in a file, or where `cat` joined a file to another
        len -= 3;
      }
      if (len > maxLineLength) {
        reject(null, null, "line is longer than the maximum of " + maxLineLength + " bytes");
        return;
      }
      read(b, off, len, verdict);
    }

    /**
     * Routes, prefilters and parses one line, or one record given as a line; {@code verdict} is what
     * {@link #lineEnd} found of it, or {@link LineReader#UNSCANNED}.
     */
    private void read(byte[] b, int off, int len, int verdict) {
      if (isBlank(b, off, len)) {
        skipped++;
        return;
      }
      int best = route(b, off, len);
      if (best < 0) {
        reject(null, null, "no registered format recognises this line (registered: " + formatIds() + ")");
        return;
      }
      recognised++;
      Prefilter p = prefilter;
      if (p != null
          && syntaxes[best] != LineSyntax.UNKNOWN
          && !mayMatch(p, b, off, len, syntaxes[best], verdict)
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
     * What the prefilter says of a line of {@code syntax}: {@code verdict}, the scan of
     * {@link #lineEnd}, when it scanned for that syntax (with rule 4 checked here, on the line as
     * read: after a byte order mark), else a scan of its own. The next line is scanned for this
     * one's syntax.
     */
    private boolean mayMatch(Prefilter p, byte[] b, int off, int len, LineSyntax syntax, int verdict) {
      scanFor = p.findsLines(syntax) ? syntax : null;
      if (verdict == verdict(syntax, false)) {
        return Prefilter.notUtf8(b, off, Math.min(off + len, off + Prefilter.ENCODING_PREFIX));
      }
      return verdict == verdict(syntax, true) || p.mayMatch(b, off, len, syntax);
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
          parser = formats.get(best).newParser(formats);
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
    public int parallelism() {
      return threads;
    }

    @Override
    public Executor executor() {
      return executor;
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
      read(line, offset, length, UNSCANNED);
      counted(false);
    }

    @Override
    public void outcome(long number, String format, LineOutcome outcome) {
      records++;
      recognised++;
      current = number;
      count(Objects.requireNonNull(format, "format"), Objects.requireNonNull(outcome, "outcome"));
      counted(false);
    }

    @Override
    public boolean mayMatch(byte[] record, int offset, int length, LineSyntax syntax) {
      Objects.checkFromIndexSize(offset, length, record.length);
      Prefilter p = prefilter;
      return p == null || p.mayMatch(record, offset, length, Objects.requireNonNull(syntax, "syntax"));
    }

    @Override
    public int maxRecordLength() {
      return maxLineLength;
    }

    @Override
    public ZoneId sourceZone() {
      return sourceZone;
    }

    @Override
    public void zonelessTime() {
      if (zonelessTimes >= events) {
        throw new IllegalStateException("zonelessTime must follow an outcome that is an event");
      }
      zonelessTimes++;
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
      recognised += count;
      skipped += count;
      prefiltered += count;
      counted(false);
    }

    @Override
    public void chunk() {
      chunks++;
      counted(true);
    }

    @Override
    public void warn(long number, String reason) {
      if (warnings.size() < maxRejections) {
        warnings.add(new Rejection(source, number, containerId(), null, reason));
      }
    }

    /** Counts the bytes a container consumed, as the reader tells them. */
    public void bytesRead(long position) {
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


  /** What a prefiltering pass keeps for the reading thread. */
  interface Collected {
    /** A line to parse with format {@code format} (a private hand-over: never compared or shared). */
    @SuppressWarnings("ArrayRecordComponent")
    record Parse(long line, byte[] bytes, int format) implements Collected {}

    /** A line to reject. */
    record Reject(long line, @Nullable String format, @Nullable String field, String reason) implements Collected {}
  }

  /** A line that {@link Pass#lineEnd} did not scan for the prefilter. */
  private static final int UNSCANNED = -1;

  /**
   * What {@link Pass#lineEnd} found of a line: whether it may match, when read as {@code syntax}
   * (only XML and JSON lines are scanned there; the others' verdicts are never found).
   */
  private static int verdict(LineSyntax syntax, boolean mayMatch) {
    int s = switch (syntax) {
      case XML -> 2;
      case JSON -> 4;
      default -> 8;
    };
    return s | (mayMatch ? 1 : 0);
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

}
