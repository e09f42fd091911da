// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import io.tunnelwatch.core.AllowlistException;
import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.DevtunnelCommand;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.MalformedLineException;
import io.tunnelwatch.core.NoEventFormatException;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.SlowFilter;
import io.tunnelwatch.core.Throttle;
import io.tunnelwatch.core.StreamingDetection;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.UnreadableInputException;
import io.tunnelwatch.core.TimeFormat;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.ocsf.OcsfFinding;
import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.EventFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code tunnelwatch scan}: reads the inputs, runs the detection, writes rows, a summary and risk
 * events. {@link Arguments} sets the options (their meaning is in {@link CliOption}).
 */
final class ScanCommand {
  /** The columns a table shows unless {@code --columns} says otherwise. */
  static final List<String> TABLE_COLUMNS = List.of(
      "firstTime", "lastTime", "count", "dest", "user", "vendor_product", "parent_process_name",
      "process_name", "original_file_name", "process");

  /** The extra keys of a row with {@code --schedule}. */
  static final List<String> WINDOW_COLUMNS = List.of("window_start", "window_end", "late");

  /**
   * The extra keys of a row with {@code --annotate}: what the devtunnel command did, why the row
   * matched, and where its first and last events were read.
   */
  static final List<String> ANNOTATION_COLUMNS = List.of("devtunnel_command", "devtunnel_tunnel", "devtunnel_ports",
      "devtunnel_anonymous", "devtunnel_login", "devtunnel_risk_score", "matched_by", "first_event", "last_event");

  private static final int SHOWN_REJECTIONS = 5;

  // The options, set by Arguments from the table in CliOption, which says what each does.
  /** FILE...: files, directories or - for standard input; at least one. */
  final List<String> files = new ArrayList<>();
  /** -o, --output. */
  OutputFormat output = OutputFormat.TABLE;
  /** --columns, split on commas, repeatable; empty for the format's default columns. */
  final List<String> columns = new ArrayList<>();
  /** --zone: the zone of firstTime and lastTime. */
  ZoneId zone = ZoneOffset.UTC;
  /** --time-format: how firstTime, lastTime and window times are written. */
  TimeFormat timeFormat = TimeFormat.SPLUNK;
  /** --source-zone: the zone of input times written without one; null for the reader's default, UTC. */
  @Nullable ZoneId sourceZone;
  /** --earliest. */
  @Nullable Instant earliest;
  /** --latest. */
  @Nullable Instant latest;
  /** --schedule. */
  boolean schedule;
  /** --max-clock-skew: with --schedule, how far past the clock an event may be and still advance time. */
  @Nullable Duration maxClockSkew;
  /** --annotate. */
  boolean annotate;
  /** --risk. */
  @Nullable Path risk;
  /** --risk-output: jsonl or hec. */
  OutputFormat riskOutput = OutputFormat.JSONL;
  /** --hec-index: the index of HEC envelopes; null for the token's default. */
  @Nullable String hecIndex;
  /** --allowlist. */
  @Nullable Path allowlist;
  /** --plugins. */
  @Nullable Path plugins;
  /** --temp-dir; null for java.io.tmpdir. */
  @Nullable Path tempDir;
  /** --raw-csv. */
  boolean rawCsv;
  /** --filter-timeout. */
  Duration filterTimeout = Detection.DEFAULT_SLOW_FILTER_AFTER;
  /** --show-suppressed. */
  boolean showSuppressed;
  /** --throttle; null: no throttling. */
  @Nullable Duration throttle;
  /** --throttle-fields. */
  @Nullable List<Field> throttleFields;
  /** --coverage. */
  boolean coverage;
  /** --strict. */
  boolean strict;
  /** --no-prefilter. */
  boolean noPrefilter;
  /** --fail-on-detection. */
  boolean failOnDetection;
  /** --[no-]progress; null: when standard error is a terminal. */
  @Nullable Boolean progress;
  /** -v, --verbose. */
  boolean verbose;

  /** When the command line was read: what relative times ({@code --earliest -24h}) count back from. */
  final Instant now = Instant.now();

  private final InputStream stdin;
  private final boolean terminal;

  ScanCommand(InputStream stdin, boolean terminal) {
    this.stdin = stdin;
    this.terminal = terminal;
  }

  /** Runs the scan; returns the exit status. */
  int call(PrintWriter out, PrintWriter err) {
    if (!verbose && System.getProperty(LOG_LEVEL) == null) {
      // Before the first logger exists: the library's warnings (some with stack traces) are
      // reported by this command as one line each; --verbose shows them in full.
      System.setProperty(LOG_LEVEL, "error");
    }
    try {
      return scan(out, err);
    } catch (ScanFailure f) {
      if (f.status() == ExitStatus.USAGE) {
        err.println(new UsageException("tunnelwatch scan", String.valueOf(f.getMessage())).getMessage());
        return ExitStatus.USAGE;
      }
      err.println("tunnelwatch scan: " + f.getMessage());
      Throwable cause = f.getCause();
      if (verbose && cause != null) {
        cause.printStackTrace(err);
      }
      return f.status();
    }
  }

  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  private int scan(PrintWriter out, PrintWriter err) throws ScanFailure {
    long start = System.nanoTime();
    if (earliest != null && latest != null && !earliest.isBefore(latest)) {
      throw new ScanFailure(ExitStatus.USAGE, "--earliest must be before --latest but was " + earliest + " >= " + latest);
    }
    List<String> allColumns = allColumns();
    List<String> shown = columns.isEmpty() ? (output == OutputFormat.TABLE ? tableColumns() : allColumns) : columns;
    for (String c : shown) {
      if (!allColumns.contains(c)) {
        throw new ScanFailure(ExitStatus.USAGE, "--columns: no column '" + c + "'; valid columns are " + allColumns);
      }
    }
    List<Input> inputs = Input.expand(files);
    ScanSummary summary = new ScanSummary(inputs.size());

    // Printed at once, from the library's watchdog thread, while the filter still runs; the dest is
    // event data, so control characters cannot reach the terminal.
    Detection.Builder builder = Detection.builder().slowFilterAfter(filterTimeout).onSlowFilter(slow -> {
      err.println("warning: " + new SlowFilter(slow.filter(), RowWriter.Table.cell(slow.dest()), slow.elapsed()));
      err.flush();
    });
    if (tempDir != null) {
      builder.tempDirectory(tempDir);
    }
    AllowlistFilter allowlistFilter = null;
    if (allowlist != null) {
      allowlistFilter = loadAllowlist(allowlist);
      builder.addFilter(allowlistFilter);
    }
    List<String> failed = new ArrayList<>(); // outputs that could not be written
    try (URLClassLoader pluginLoader = plugins == null ? null : Plugins.loader(plugins, summary)) {
      if (pluginLoader != null) {
        builder.addDiscoveredFilters(pluginLoader);
      }
      if (throttle != null) {
        // Last: it throttles only rows the other filters keep.
        builder.addFilter(Throttle.of(throttle, throttleFields == null ? Throttle.DEFAULT_FIELDS : throttleFields));
      }
      Detection detection = builder.build();
      // Loops rather than streams and method references: with string concatenation compiled
      // inline (pom.xml), the command line's own code bootstraps no method handles at start-up.
      for (String problem : detection.filterLoadProblems()) {
        summary.warn(problem);
      }
      if (allowlistFilter != null) {
        for (AllowlistFilter.Entry e : allowlistFilter.expiredEntries()) {
          summary.warn("allowlist " + allowlist + " entry " + e.index() + " (" + e.reason() + ", owner " + e.owner()
              + ") expired on " + e.expires().orElseThrow() + " and no longer suppresses");
        }
      }
      for (String name : detection.filterNames()) {
        summary.filter(name); // asked once, when added: a plugin's name() may fail a second time
      }
      refuseRiskThatIsRead(inputs);
      try (RiskOutput riskOut = RiskOutput.open(risk);
          BatchDetection batch = earliest == null && latest == null
              ? detection.batch() : detection.batch(orMin(earliest), orMax(latest))) {
        List<DetectionReport> reports = evaluate(detection, batch, inputs, summary, err);
        // OCSF findings and HEC envelopes are whole results, one per line; the others are rows.
        RowWriter writer = output == OutputFormat.OCSF || output == OutputFormat.HEC ? null
            : rawCsv ? RowWriter.rawCsv(out, shown) : RowWriter.of(output, out, shown);
        OcsfFinding ocsf = OcsfFinding.forProduct(TunnelwatchCommand.versionNumber());
        Consumer<DetectionResult> emit = result -> {
          if (writer != null) {
            writer.write(row(result));
          } else {
            out.print(output == OutputFormat.OCSF
                ? ocsf.toJson(result)
                : ResultLines.hec(row(result), result.lastTime(), result.get(Field.DEST), ResultLines.ROW_SOURCETYPE,
                    hecIndex));
            out.print('\n');
          }
          riskOut.write(riskLine(result, RiskEvent.from(result)));
        };
        if (schedule) {
          for (DetectionReport report : reports) {
            for (DetectionResult result : report.results()) {
              emit.accept(result);
            }
            for (Suppression s : report.suppressed()) {
              showSuppressed(err, s);
            }
          }
        } else {
          // Streamed as the groups merge: a scan of millions of rows never holds them all.
          try {
            summary.report(batch.finish(emit, s -> showSuppressed(err, s)));
          } catch (UncheckedIOException e) {
            throw spillFailure(e);
          }
        }
        if (writer != null) {
          writer.finish();
        }
        out.flush();
        // Every output is written before a failed one is reported: a full disk under one output
        // loses nothing that could go to the others.
        if (out.checkError()) {
          failed.add("standard output: " + FailureKeepingWriter.failure(out));
        }
        String riskFailure = riskOut.finish();
        if (riskFailure != null) {
          failed.add(riskFailure);
        }
      }
    } catch (IOException e) {
      // Closing the plugin loader or the risk file.
      throw new ScanFailure(ExitStatus.INPUT, "cannot close: " + Input.describe(e));
    }
    summary.print(err, System.nanoTime() - start);
    for (String failure : summary.failedInputs()) {
      err.println("tunnelwatch scan: " + failure);
    }
    if (!failed.isEmpty()) {
      err.println("tunnelwatch scan: cannot write " + String.join("; cannot write ", failed));
    }
    err.flush();
    if (!summary.failedInputs().isEmpty() || !failed.isEmpty()) {
      return ExitStatus.INPUT; // after every row that could be found was written
    }
    return failOnDetection && summary.rows() > 0 ? ExitStatus.DETECTION : ExitStatus.OK;
  }

  private AllowlistFilter loadAllowlist(Path file) throws ScanFailure {
    try {
      return AllowlistFilter.load(file);
    } catch (IOException e) {
      throw new ScanFailure(ExitStatus.INPUT, "cannot read --allowlist " + file + ": " + Input.describe(e), e);
    } catch (AllowlistException e) {
      throw new ScanFailure(ExitStatus.USAGE, "--allowlist: " + e.getMessage());
    }
  }

  private static Instant orMin(@Nullable Instant t) {
    return t == null ? Instant.MIN : t;
  }

  private static Instant orMax(@Nullable Instant t) {
    return t == null ? Instant.MAX : t;
  }

  private ScanFailure spillFailure(UncheckedIOException e) {
    String dir = tempDir == null ? "java.io.tmpdir " + System.getProperty("java.io.tmpdir") : "--temp-dir " + tempDir;
    return new ScanFailure(ExitStatus.INPUT, "cannot spill result groups to " + dir + ": " + Input.describe(e), e);
  }

  /** A failure to spill result groups, carried out of the reader's sink. */
  private static final class SpillFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SpillFailed(UncheckedIOException cause) {
      super(cause);
    }
  }

  /**
   * Reads every input into {@code batch} (with {@code --schedule}, into one streaming evaluation per
   * window, and returns its reports; otherwise none, {@code batch} is finished by the caller).
   */
  private List<DetectionReport> evaluate(
      Detection detection, BatchDetection batch, List<Input> inputs, ScanSummary summary, PrintWriter err)
      throws ScanFailure {
    EventReader reader;
    try {
      EventReader.Builder b = EventReader.builder()
          .addDiscoveredFormats(ScanCommand.class.getClassLoader())
          .strict(strict)
          .maxRejections(SHOWN_REJECTIONS);
      if (sourceZone != null) {
        b.sourceZone(sourceZone);
      }
      // --strict must see every malformed line, and --schedule advances time with every event
      // (matching or not), so both parse every line; otherwise the prefilter keeps the rows as they are.
      // Every core reads: a file of lines when prefiltered (parsing stays on one thread, in order),
      // an .evtx file always (its chunks decoded in parallel, replayed in order).
      // --coverage parses every line too, so that it can name the source of each.
      reader = (noPrefilter || strict || schedule || coverage ? b.noPrefilter() : b.prefilterFor(detection))
          .parallel(true)
          .build();
    } catch (NoEventFormatException e) {
      // No adapter on the class path: a broken installation, not a usage error.
      throw new ScanFailure(ExitStatus.INPUT, "cannot read any input: " + e.getMessage(), e);
    }
    for (String problem : reader.formatLoadProblems()) {
      summary.warn(problem);
    }
    List<DetectionReport> reports = new ArrayList<>();
    Instant from = orMin(earliest);
    Instant to = orMax(latest);
    StreamingDetection.Builder streamingBuilder = detection.streaming(reports::add).eventTime(Duration.ZERO);
    StreamingDetection streaming =
        (maxClockSkew == null ? streamingBuilder : streamingBuilder.maxClockSkew(maxClockSkew)).build();
    boolean showProgress = progress == null ? terminal : progress;
    long totalBytes = 0;
    for (Input input : inputs) {
      totalBytes += input.size();
    }
    Progress bar = new Progress(err, showProgress, totalBytes);
    Consumer<ProcessEvent> sink = event -> {
      bar.event();
      summary.event(event.origin().format());
      if (!schedule) {
        try {
          batch.accept(event);
        } catch (UncheckedIOException e) {
          throw new SpillFailed(e);
        }
      } else if (event.time().isBefore(from) || !event.time().isBefore(to)) {
        summary.outOfRange();
      } else {
        streaming.accept(event);
      }
    };
    ReadSummary read = ReadSummary.empty();
    try {
      for (Input input : inputs) {
        // One input that fails is reported at the end; the rows of the others, and of what was
        // read of it before the damage, are still written.
        try {
          Path file = input.path();
          ReadSummary one;
          if (file != null) {
            // the reader recognises gzip, encodings and containers, reads a pipe as a stream, and a
            // large plain file on every core; the bar follows its position in the file
            one = reader.read(file, sink, bar.input());
          } else {
            try (InputStream in = Input.openStdin(stdin, bar)) {
              one = reader.read(in, input.name(), sink);
            }
          }
          read = read.plus(one, SHOWN_REJECTIONS);
          if (one.nothingRecognised()) {
            summary.failedInput(input.name() + ": no line is of a known format (" + one.rejected()
                + " rejected; formats: " + formatIds(reader) + "): is it an event log?");
          }
        } catch (UnreadableInputException e) {
          read = read.plus(e.partial(), SHOWN_REJECTIONS);
          summary.failedInput(String.valueOf(e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
          summary.failedInput("cannot read " + input.name() + ": " + Input.describe(e));
        }
      }
    } catch (MalformedLineException e) {
      throw new ScanFailure(ExitStatus.INPUT, "stopped at a malformed line (--strict): " + e.rejection(), e);
    } catch (SpillFailed e) {
      throw spillFailure((UncheckedIOException) java.util.Objects.requireNonNull(e.getCause()));
    } finally {
      bar.clear();
    }
    summary.read(read, sourceZone == null ? "UTC (the default; see --source-zone)" : sourceZone + " (--source-zone)");
    summary.coverage(reader.formats(), coverage);
    if (schedule) {
      streaming.flush();
      summary.streaming(streaming.stats(), maxClockSkew == null ? "10m, the default" : maxClockSkew.toString());
    } else {
      summary.outOfRange(batch.outOfRange());
    }
    for (DetectionReport r : reports) {
      summary.report(r);
    }
    return reports;
  }

  private List<String> allColumns() {
    List<String> all = new ArrayList<>();
    for (Field f : Field.values()) {
      all.add(f.cimName());
    }
    all.addAll(List.of("count", "firstTime", "lastTime"));
    if (schedule) {
      all.addAll(WINDOW_COLUMNS);
    }
    if (annotate) {
      all.addAll(ANNOTATION_COLUMNS);
    }
    return all;
  }

  private List<String> tableColumns() {
    List<String> c = new ArrayList<>();
    if (schedule) {
      c.addAll(WINDOW_COLUMNS);
    }
    c.addAll(TABLE_COLUMNS);
    return c;
  }

  /** A risk event as {@code --risk-output} writes it. */
  String riskLine(DetectionResult row, RiskEvent e) {
    Map<String, Object> event = e.toMap(zone, timeFormat);
    if (annotate) {
      // The opt-in score of what the command did; risk_score stays the detection's 20.
      event.put("devtunnel_risk_score", row.intent().riskScore());
    }
    return riskOutput == OutputFormat.HEC
        ? ResultLines.hec(event, e.lastTime(), e.riskObject(), ResultLines.RISK_SOURCETYPE, hecIndex)
        : ResultLines.json(event);
  }

  /**
   * The row as {@link DetectionResult#toRow} renders it in {@code --time-format}, plus its window
   * with {@code --schedule}.
   */
  Map<String, Object> row(DetectionResult result) {
    Map<String, Object> row = new LinkedHashMap<>(result.toRow(zone, timeFormat));
    Window w = result.window();
    if (schedule && w != null) {
      row.put("window_start", timeFormat.format(w.start(), zone));
      row.put("window_end", timeFormat.format(w.end(), zone));
      row.put("late", result.late());
    }
    if (annotate) {
      annotate(row, result);
    }
    return row;
  }

  /** The {@link #ANNOTATION_COLUMNS} of {@code result}. */
  private static void annotate(Map<String, Object> row, DetectionResult result) {
    DevtunnelCommand c = result.intent();
    StringBuilder ports = new StringBuilder();
    for (int p : c.ports()) {
      ports.append(ports.length() == 0 ? "" : ",").append(p);
    }
    row.put("devtunnel_command", c.subcommand());
    row.put("devtunnel_tunnel", c.tunnel().orElse(""));
    row.put("devtunnel_ports", ports.toString());
    row.put("devtunnel_anonymous", c.anonymous());
    String login = c.loginProvider();
    row.put("devtunnel_login", login == null ? "" : login + (c.deviceCode() ? " device-code" : ""));
    row.put("devtunnel_risk_score", c.riskScore());
    row.put("matched_by", DetectionPredicate.defaults().test(result.group()).name().toLowerCase(Locale.ROOT));
    row.put("first_event", where(result.firstOrigin()));
    row.put("last_event", where(result.lastOrigin()));
  }

  /** {@code source:line} (the line is the EventRecordID in an EVTX file), or empty when not known. */
  private static String where(@Nullable EventOrigin origin) {
    return origin == null ? "" : origin.source() + ":" + origin.line();
  }

  private void showSuppressed(PrintWriter err, Suppression s) {
    if (!showSuppressed) {
      return;
    }
    DetectionResult r = s.result();
    // Log data (and a plugin's reason) on a terminal: control characters neutralised as in the table.
    err.println(RowWriter.printable("suppressed by " + s.filter() + ": " + s.reason() + ": dest=" + r.get(Field.DEST)
        + " user=" + r.get(Field.USER) + " process_name=" + r.get(Field.PROCESS_NAME)
        + " count=" + r.count() + " firstTime=" + DetectionResult.formatTime(r.firstTime(), zone)
        + " lastTime=" + DetectionResult.formatTime(r.lastTime(), zone)));
  }

  private static String formatIds(EventReader reader) {
    List<String> ids = new ArrayList<>();
    for (EventFormat f : reader.formats()) {
      ids.add(f.id());
    }
    return String.join(", ", ids);
  }

  /**
   * Refuses a {@code --risk} file that this scan also reads (an input, a file found in an input
   * directory, standard input redirected from it, the allowlist): opening it for writing would empty
   * it before it is read. Compared by file identity, so a link or another name of the file counts; a
   * file that does not exist yet is nobody's input.
   */
  private void refuseRiskThatIsRead(List<Input> inputs) throws ScanFailure {
    Path out = risk;
    if (out == null || !Files.exists(out)) {
      return;
    }
    for (Input input : inputs) {
      Path in = input.path() != null ? input.path() : standardInputFile();
      if (in != null && sameFile(out, in)) {
        throw new ScanFailure(ExitStatus.USAGE, "--risk " + out + " is also an input (" + input.name()
            + "); writing it would empty it before it is read");
      }
    }
    if (allowlist != null && sameFile(out, allowlist)) {
      // Read already, but a tuned allowlist overwritten with risk events is lost work.
      throw new ScanFailure(ExitStatus.USAGE, "--risk " + out + " is also the --allowlist; writing it would destroy it");
    }
  }

  /** The file this process's standard input reads (Linux, when {@code -} reads it), else null. */
  private @Nullable Path standardInputFile() {
    Path fd0 = Path.of("/proc/self/fd/0");
    return stdin == System.in && Files.exists(fd0) ? fd0 : null;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException | SecurityException e) {
      return false; // cannot be looked at: reading or writing it reports why
    }
  }

  /** The {@code --risk} file, opened before the scan so that an unwritable path fails at once. */
  private static final class RiskOutput implements AutoCloseable {
    private final @Nullable BufferedWriter writer;
    private final @Nullable Path path;
    private @Nullable IOException failure;

    private RiskOutput(@Nullable BufferedWriter writer, @Nullable Path path) {
      this.writer = writer;
      this.path = path;
    }

    static RiskOutput open(@Nullable Path path) throws ScanFailure {
      if (path == null) {
        return new RiskOutput(null, null);
      }
      try {
        return new RiskOutput(Files.newBufferedWriter(path, StandardCharsets.UTF_8), path);
      } catch (IOException e) {
        throw new ScanFailure(ExitStatus.INPUT, "cannot write --risk " + path + ": " + Input.describe(e));
      }
    }

    /** Writes one risk event's line; a failure is kept for {@link #finish} and later lines are dropped. */
    void write(String line) {
      if (writer == null || failure != null) {
        return;
      }
      try {
        writer.write(line);
        writer.write('\n');
      } catch (IOException x) {
        failure = x;
      }
    }

    /**
     * Closes the file (where a full disk shows: the buffer is written then); returns
     * {@code --risk FILE: why} when a risk event or the close failed, or null.
     */
    @Nullable String finish() {
      if (writer == null) {
        return null;
      }
      try {
        writer.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
      }
      return failure == null ? null : "--risk " + path + ": " + FailureKeepingWriter.reason(failure);
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
