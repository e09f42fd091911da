// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Providers;
import io.tunnelwatch.core.internal.read.InputFiles;
import io.tunnelwatch.core.internal.read.LineReader;
import io.tunnelwatch.core.internal.read.TextEncoding;
import io.tunnelwatch.core.internal.read.Utf8Transcoding;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
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
 * <p>An input that is not lines is recognised by its first bytes: gzip is unpacked first, UTF-16 and
 * UTF-32 are transcoded to UTF-8, then an input that a {@linkplain EventFormat#containers() container} of one of the formats recognises (an
 * EVTX file, an XML export) is read by that container, which accounts for every record as lines are
 * accounted for ({@link ReadSummary#records()}, with the record's number in origins and rejections).
 *
 * <p>Reads a stream of bytes without loading it: memory per line is bounded by
 * {@link Builder#maxLineLength}; a longer line is rejected without being buffered. In lenient mode
 * (the default) reading goes on after a rejection; in strict mode it stops with a
 * {@link MalformedLineException}.
 *
 * <p><b>The prefilter</b> (opt-in, {@link Builder#prefilterFor}). Given the detection, the
 * reader passes over, without parsing, a line that cannot hold an event matching it, and counts it in
 * {@link ReadSummary#skipped()} and {@link ReadSummary#prefiltered()}: parsing is 5 to 30 times
 * slower than reading. The sink then receives every event that could match (and some that do not),
 * so that detection finds the same results as without the prefilter; the sink does not receive
 * every event, and a prefiltered malformed line is not rejected. It is off by default and takes the
 * detection itself, because a reader that filtered for other names than its detection's would miss
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

  /**
   * The largest {@link Builder#maxLineLength} (1 GiB): a line is held in one array, and a limit near
   * {@code Integer.MAX_VALUE} would overflow the buffer sizes derived from it.
   *
   * @since 0.1.0
   */
  public static final int MAX_LINE_LENGTH_LIMIT = 1 << 30;

  /** The default number of rejections a summary lists. */
  public static final int DEFAULT_MAX_REJECTIONS = 100;

  private static final int BUFFER = 1 << 16;
  private static final long MIN_PARALLEL_BYTES = 8L << 20;
  private static final int CHUNK_BYTES = 2 << 20;
  /** Runs each reading task on a new daemon thread: the default when no executor is given. */
  private static final Executor NEW_THREAD = task -> {
    Thread t = new Thread(task, "tunnelwatch-read");
    t.setDaemon(true);
    t.start();
  };

  private final List<EventFormat> formats;
  private final List<String> formatLoadProblems;
  private final List<RecordContainer> containers;
  private final LineReader lines;
  private final ZoneId sourceZone;
  private final int maxRejections;

  private EventReader(Builder b) {
    this.formats = List.copyOf(b.formats);
    Map<String, RecordContainer> byId = new LinkedHashMap<>();
    for (EventFormat f : formats) {
      for (RecordContainer c : f.containers()) {
        byId.putIfAbsent(c.id(), c);
      }
    }
    this.containers = List.copyOf(byId.values());
    this.formatLoadProblems = List.copyOf(b.problems);
    this.lines = new LineReader(new LineReader.Settings(formats, b.prefilterPredicate, b.maxLineLength, b.strict,
        b.maxRejections, b.threads, b.executor == null ? NEW_THREAD : b.executor, b.minParallelBytes, b.chunkBytes,
        b.sourceZone));
    this.sourceZone = b.sourceZone;
    this.maxRejections = b.maxRejections;
  }

  /**
   * The zone in which times written without one are read (NXLog's local {@code EventTime}); UTC
   * unless {@link Builder#sourceZone} said otherwise.
   *
   * @since 0.1.0
   */
  public ZoneId sourceZone() {
    return sourceZone;
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
   * The event formats that {@link java.util.ServiceLoader} finds through {@code loader} (the adapter
   * modules on a class or module path), without building a reader: sorted by class name, one per
   * {@link EventFormat#id()}. A provider that fails to load is logged and listed in
   * {@link DiscoveredFormats#problems()}; none found is an empty list, not an error.
   *
   * @since 0.1.0
   */
  public static DiscoveredFormats findFormats(ClassLoader loader) {
    Providers.Loaded<EventFormat> loaded = Providers.load(EventFormat.class, Objects.requireNonNull(loader, "loader"));
    List<EventFormat> formats = new ArrayList<>();
    for (EventFormat f : loaded.providers()) {
      addUnlessKnown(formats, f);
    }
    return new DiscoveredFormats(formats, loaded.problems());
  }

  /** Adds {@code format} unless one with its id is there: the first of an id reads its lines. */
  private static void addUnlessKnown(List<EventFormat> formats, EventFormat format) {
    if (formats.stream().noneMatch(g -> g.id().equals(format.id()))) {
      formats.add(format);
    }
  }

  /**
   * Reads a file, or every event file of a directory ({@link #files(Path)}), as what its content
   * says it is: gzip (recognised by its magic bytes, whatever the file's name; then its content, as
   * follows), text in UTF-16 or UTF-32 (recognised by its byte order mark, or without one by the
   * zero bytes of its head; transcoded to UTF-8), a {@linkplain RecordContainer record container}
   * of one of the formats (an EVTX file, an XML export), else lines (ended by LF, CRLF or a lone CR).
   * A named pipe or a process substitution ({@code <(zcat x.gz)}) is read once, as a stream.
   *
   * @throws UnreadableInputException when the input could not be read to its end (a truncated or
   *     corrupt gzip file, a read error, an encoding that cannot be read); what was read before is
   *     in the sink and in {@link UnreadableInputException#partial()}. For a directory: after every
   *     file was read, when one or more failed, or when the directory holds no event file
   * @throws IOException when the file cannot be opened (no such file, permission denied)
   * @throws MalformedLineException in strict mode, at the first malformed line
   */
  public ReadSummary read(Path file, Consumer<ProcessEvent> sink) throws IOException {
    return read(file, sink, position -> { });
  }

  /**
   * Reads a file as {@link #read(Path, Consumer)} does, and tells {@code progress} now and then (every
   * 64 KiB to 2 MiB, on the calling thread, never decreasing) how many of the file's bytes have
   * been read: for a progress bar over the file's size (over a directory: its files' sizes).
   *
   * @throws UnreadableInputException as {@link #read(Path, Consumer)}
   * @throws IOException when the file cannot be opened
   * @throws MalformedLineException in strict mode, at the first malformed line
   * @since 0.1.0
   */
  public ReadSummary read(Path file, Consumer<ProcessEvent> sink, LongConsumer progress) throws IOException {
    Objects.requireNonNull(progress, "progress");
    return read(file, sink, new ReadProgress() {
      @Override
      public void bytes(long position) {
        progress.accept(position);
      }
    });
  }

  /**
   * Reads a file as {@link #read(Path, Consumer)} does, and tells {@code progress} now and then, on
   * the calling thread, how many of the file's bytes have been read and, for a record container, how
   * many records and chunks: for a progress bar.
   *
   * @throws UnreadableInputException as {@link #read(Path, Consumer)}
   * @throws IOException when the file cannot be opened
   * @throws MalformedLineException in strict mode, at the first malformed line
   * @since 0.1.0
   */
  public ReadSummary read(Path file, Consumer<ProcessEvent> sink, ReadProgress progress) throws IOException {
    Objects.requireNonNull(progress, "progress");
    if (Files.isDirectory(file)) {
      return readDirectory(file, sink, progress);
    }
    return readFile(file, sink, progress);
  }

  /**
   * The files that {@link #read(Path, Consumer)} reads for {@code path}: {@code path} itself when it
   * is not a directory. For a directory, its event files and those of the directories below it,
   * sorted by path: names ending in {@code .evtx}, {@code .xml}, {@code .json}, {@code .jsonl},
   * {@code .ndjson}, {@code .log} or {@code .txt} (any case), optionally followed by a rotation
   * number ({@code .log.1}) and {@code .gz}. Entries whose name starts with {@code .} are skipped (a
   * hidden file, a {@code .git} directory); symbolic links are followed, except a link to a directory
   * above (a loop), which is read once; a link that leads nowhere, and a directory that cannot be
   * listed, are listed anyway, so that reading them reports why; named pipes and devices inside a
   * directory are left out (reading one could wait forever). The result may be empty.
   *
   * @throws IOException when {@code path} itself does not exist or cannot be listed
   * @since 0.1.0
   */
  public static List<Path> files(Path path) throws IOException {
    return InputFiles.of(path);
  }

  /**
   * Reads the files of a directory one after the other; one that fails does not stop the others.
   * The progress position runs over all of them.
   */
  private ReadSummary readDirectory(Path dir, Consumer<ProcessEvent> sink, ReadProgress progress) throws IOException {
    List<Path> files = files(dir);
    if (files.isEmpty()) {
      throw new UnreadableInputException(dir.toString(), ReadSummary.empty(),
          "no event file found in " + dir + " (" + InputFiles.NAMES + ")", null);
    }
    ReadSummary total = ReadSummary.empty();
    List<IOException> failures = new ArrayList<>();
    long[] done = {0};
    for (Path f : files) {
      long before = done[0];
      ReadProgress shifted = new ReadProgress() {
        @Override
        public void bytes(long position) {
          done[0] = before + position;
          progress.bytes(done[0]);
        }

        @Override
        public void records(long records, long chunks) {
          progress.records(records, chunks);
        }
      };
      try {
        total = total.plus(readFile(f, sink, shifted), maxRejections);
      } catch (UnreadableInputException e) {
        total = total.plus(e.partial(), maxRejections);
        failures.add(e);
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (failures.isEmpty()) {
      return total;
    }
    UnreadableInputException e = new UnreadableInputException(dir.toString(), total, failures.size() + " of "
        + files.size() + " files in " + dir + " could not be read; the first: " + failures.get(0).getMessage(),
        failures.get(0));
    for (IOException f : failures.subList(1, failures.size())) {
      e.addSuppressed(f);
    }
    throw e;
  }

  private ReadSummary readFile(Path file, Consumer<ProcessEvent> sink, ReadProgress progress) throws IOException {
    if (!Files.isRegularFile(file)) {
      // A named pipe or /dev/fd/N can be opened and read once: no peek at its head first, and no
      // seek (its channel's available() seeks, and a pipe answers "Illegal seek").
      try (InputStream raw = new Counting(new Unseekable(Files.newInputStream(file)), progress::bytes)) {
        return readStream(raw, file.toString(), sink, progress);
      }
    }
    byte[] head = new byte[RecordContainer.HEAD_BYTES];
    int headLength;
    try (InputStream in = Files.newInputStream(file)) {
      headLength = in.readNBytes(head, 0, head.length);
    }
    if (!isGzip(head, headLength) && TextEncoding.byMark(head, headLength) == null
        && container(head, headLength) == null && TextEncoding.byZeros(head, headLength) == null) {
      long size = Files.size(file);
      if (lines.readsInParallel(size)) {
        return lines.readParallel(file, sink, size, progress::bytes);
      }
    }
    try (InputStream raw = new Counting(Files.newInputStream(file), progress::bytes)) {
      return readStream(raw, file.toString(), sink, progress);
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

  /**
   * Up to {@link RecordContainer#HEAD_BYTES} of {@code in}'s first bytes, {@code in} reset to its
   * start. A failure while peeking ends the head early: the bytes before it are still read, and the
   * read that reaches the failure meets it again ({@link Sticky}). A small gzip file with a bad CRC
   * fails on the read that holds all its content, which must not lose it.
   */
  private static byte[] head(BufferedInputStream in) throws IOException {
    in.mark(RecordContainer.HEAD_BYTES);
    byte[] head = new byte[RecordContainer.HEAD_BYTES];
    int n = 0;
    try {
      for (int r; n < head.length && (r = in.read(head, n, head.length - n)) >= 0; ) {
        n += r;
      }
    } catch (IOException e) {
      // met again, and reported, by the read after the bytes before it
    }
    in.reset();
    return Arrays.copyOf(head, n);
  }

  /** Once a read failed, fails every later read with the same exception (and not a later symptom of it). */
  private static final class Sticky extends java.io.FilterInputStream {
    private @Nullable IOException failure;

    Sticky(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failure != null) {
        throw failure;
      }
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }

  /** A stream whose {@code available()} never asks the file system: a pipe cannot seek. */
  private static final class Unseekable extends java.io.FilterInputStream {
    Unseekable(InputStream in) {
      super(in);
    }

    @Override
    public int available() {
      return 0;
    }
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
   * @throws UnreadableInputException when the stream could not be read to its end (truncated or
   *     corrupt gzip, a read error, an encoding that cannot be read); what was read before is in the
   *     sink and in {@link UnreadableInputException#partial()}
   * @throws MalformedLineException in strict mode, at the first malformed line
   */
  public ReadSummary read(InputStream in, String source, Consumer<ProcessEvent> sink) throws IOException {
    return readStream(in, source, sink, null);
  }

  /** Reads one input with one pass, turning a failure part way into an {@link UnreadableInputException}. */
  private ReadSummary readStream(InputStream in, String source, Consumer<ProcessEvent> sink,
      @Nullable ReadProgress progress) throws IOException {
    LineReader.Pass pass = lines.pass(source, sink);
    try {
      readContent(in, source, pass, progress);
    } catch (UnreadableInputException e) {
      throw e;
    } catch (IOException e) {
      // A truncated gzip file (EOFException), a bad CRC (ZipException), a disk error: what was read
      // before stays read, and the caller learns how far that was.
      throw UnreadableInputException.stopped(source, pass.summary(), e);
    }
    ReadSummary summary = pass.summary();
    if (progress != null && pass.hasContainer()) {
      progress.records(summary.records(), summary.chunks());
    }
    return summary;
  }

  /**
   * Reads one record held in memory (a message, a Kafka record's value) as
   * {@link #read(InputStream, String, Consumer)} reads the same bytes: the same events, origins and
   * summary. Lines are read in place, so a call allocates in proportion to what it finds, not the
   * stream buffers of a read ({@value #BUFFER} bytes each); gzip, UTF-16 and UTF-32 text and record
   * containers are still recognised and read through a stream. The array is neither changed nor kept.
   *
   * @param source the record's name for origins and messages
   * @throws UnreadableInputException when the record is gzip that cannot be unpacked, or text in an
   *     encoding that cannot be read
   * @throws MalformedLineException in strict mode, at the first malformed line
   * @since 0.1.0
   */
  public ReadSummary read(byte[] record, String source, Consumer<ProcessEvent> sink) throws IOException {
    int head = Math.min(record.length, RecordContainer.HEAD_BYTES);
    if (isGzip(record, head) || TextEncoding.byMark(record, head) != null || container(record, head) != null
        || TextEncoding.byZeros(record, head) != null) {
      return readStream(new ByteArrayInputStream(record), source, sink, null);
    }
    return lines.pass(source, sink).run(record);
  }

  /**
   * Reads {@code in} as what its content says it is: gzip (then its content, as below), UTF-16 or
   * UTF-32 (transcoded, then as below), a record container of one of the formats (an EVTX file, an
   * XML export), else lines.
   */
  private void readContent(InputStream in, String source, LineReader.Pass pass, @Nullable ReadProgress progress)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(new Sticky(in), BUFFER);
    byte[] head = head(buffered);
    if (isGzip(head, head.length)) {
      readContent(new GZIPInputStream(buffered, BUFFER), source, pass, progress);
      return;
    }
    TextEncoding marked = TextEncoding.byMark(head, head.length);
    RecordContainer container = marked == null ? container(head, head.length) : null;
    TextEncoding encoding = marked != null || container != null ? marked : TextEncoding.byZeros(head, head.length);
    if (encoding != null) {
      if (!encoding.readable()) {
        throw new UnreadableInputException(source, pass.summary(), source + " is encoded in " + encoding.displayName()
            + ", which cannot be read: save it as UTF-8 (or UTF-16)", null);
      }
      if (marked != null) {
        buffered.skipNBytes(encoding.markLength());
      }
      readContent(new Utf8Transcoding(buffered, encoding), source, pass, progress);
      return;
    }
    if (container == null) {
      pass.run(buffered);
      return;
    }
    pass.container(container);
    if (progress != null) {
      pass.progress(progress::records);
    }
    container.read(new Counting(buffered, pass::bytesRead), source, pass);
  }

  /** Builds an {@link EventReader}. Not thread-safe. */
  public static final class Builder {
    private final List<EventFormat> formats = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private boolean strict;
    private int maxRejections = DEFAULT_MAX_REJECTIONS;
    private @Nullable DetectionPredicate prefilterPredicate;
    private int threads = 1;
    private @Nullable Executor executor;
    private long minParallelBytes = MIN_PARALLEL_BYTES;
    private int chunkBytes = CHUNK_BYTES;
    private ZoneId sourceZone = ZoneOffset.UTC;

    private Builder() {}

    /**
     * The zone in which times written without one are read: NXLog writes {@code EventTime} as the
     * local time of the host that sent it, with no zone. Default UTC. Each event whose time was read
     * in this zone is counted in {@link ReadSummary#zonelessTimes()}, since a wrong zone shifts it
     * and every window it lands in. Times that Windows defines as UTC ({@code SystemTime}, Sysmon's
     * {@code UtcTime}) are UTC whatever their rendering writes.
     *
     * @since 0.1.0
     */
    public Builder sourceZone(ZoneId zone) {
      this.sourceZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Passes over, unparsed, the lines that cannot hold an event that {@code detection} matches. It
     * takes the detection, not a predicate, so that a reader can never filter for other names than
     * the detection the events go to. Off by default. Names with non-ASCII characters turn the
     * prefilter off.
     *
     * @since 0.1.0
     */
    public Builder prefilterFor(Detection detection) {
      this.prefilterPredicate = Objects.requireNonNull(detection, "detection").predicate();
      return this;
    }

    /**
     * Reads on as many threads as the JVM has processors (at most 8). A file of lines
     * ({@link #read(Path, Consumer)}, not gzipped, at least 8 MiB, prefilter on) is split into pieces
     * that the threads prefilter, and the calling thread, which takes pieces too, parses what they
     * kept in input order; a record container may decode on the threads too (an EVTX file, chunk by
     * chunk, with or without the prefilter, file or stream). The sink and the line parsers' state
     * stay on the calling thread, so the events, their order, the summary and the rejections are
     * those of a one-thread read. Default: off.
     */
    public Builder parallel(boolean parallel) {
      this.threads = parallel ? Math.min(Runtime.getRuntime().availableProcessors(), 8) : 1;
      return this;
    }

    /**
     * Reads a large file as {@link #parallel(boolean)} does, on {@code threads} threads, the calling
     * one included: 1 (the default) reads on the calling thread alone.
     *
     * @throws IllegalArgumentException when not positive
     * @since 0.1.0
     */
    public Builder parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be positive but was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Where the reading tasks of a parallel read run, besides the calling thread (default: a new
     * daemon thread per task). A task the executor delays or never runs slows the read but does not
     * change its result or block it: the calling thread reads every piece no other thread took.
     *
     * @since 0.1.0
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
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
     * Adds every {@link EventFormat} that {@link EventReader#findFormats(ClassLoader)} finds through
     * {@code loader}, skipping ids already added. A provider that fails to load is logged and listed
     * in {@link EventReader#formatLoadProblems()}.
     */
    public Builder addDiscoveredFormats(ClassLoader loader) {
      DiscoveredFormats found = findFormats(loader);
      for (EventFormat f : found.formats()) {
        addUnlessKnown(formats, f);
      }
      problems.addAll(found.problems());
      return this;
    }

    /**
     * The longest line (or container record) read, in bytes; a longer one is rejected without being
     * buffered whole.
     *
     * @throws IllegalArgumentException when not between 1 and {@link #MAX_LINE_LENGTH_LIMIT}
     */
    public Builder maxLineLength(int bytes) {
      if (bytes < 1 || bytes > MAX_LINE_LENGTH_LIMIT) {
        throw new IllegalArgumentException(
            "maxLineLength must be between 1 and " + MAX_LINE_LENGTH_LIMIT + " but was " + bytes);
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
     * @throws NoEventFormatException when no format was added or discovered
     */
    public EventReader build() {
      if (formats.isEmpty()) {
        throw new NoEventFormatException(
            "no event format: add one with addFormat, or put an adapter module on the class path and call addDiscoveredFormats");
      }
      return new EventReader(this);
    }
  }
}
