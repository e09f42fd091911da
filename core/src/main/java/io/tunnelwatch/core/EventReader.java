package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Providers;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
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
 * its line number, field and reason). Each line goes to the format that claims it most strongly, so
 * one input may interleave formats.
 *
 * <p>Reads a stream of bytes without loading it: memory per line is bounded by
 * {@link Builder#maxLineLength}; a longer line is rejected without being buffered. In lenient mode
 * (the default) reading goes on after a rejection; in strict mode it stops with a
 * {@link MalformedLineException}.
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

  private final List<EventFormat> formats;
  private final LineParser[] parsers;
  private final int maxLineLength;
  private final boolean strict;
  private final int maxRejections;
  private final List<String> formatLoadProblems;

  private EventReader(Builder b) {
    this.formats = List.copyOf(b.formats);
    this.parsers = new LineParser[formats.size()];
    for (int i = 0; i < parsers.length; i++) {
      parsers[i] = formats.get(i).newParser();
    }
    this.maxLineLength = b.maxLineLength;
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
    private long rejected;
    private long bytes;

    Pass(String source, Consumer<ProcessEvent> sink) {
      this.source = Objects.requireNonNull(source, "source");
      this.sink = Objects.requireNonNull(sink, "sink");
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
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            continue;
          }
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
      return new ReadSummary(lines, events, skipped, 0, rejected, rejections, bytes);
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
      if (lines == 1 && len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
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
      int best = -1;
      LineClaim bestClaim = LineClaim.NO;
      for (int i = 0; i < parsers.length; i++) {
        LineClaim c = formats.get(i).claim(b, off, len);
        if (c.compareTo(bestClaim) > 0) {
          best = i;
          bestClaim = c;
          if (c == LineClaim.FORMAT) {
            break;
          }
        }
      }
      if (best < 0) {
        reject(null, null, "no registered format recognises this line (registered: " + formatIds() + ")");
        return;
      }
      String format = formats.get(best).id();
      LineOutcome outcome;
      try {
        outcome = parsers[best].parse(b, off, len, new EventOrigin(format, source, lines));
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

    private Builder() {}

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
