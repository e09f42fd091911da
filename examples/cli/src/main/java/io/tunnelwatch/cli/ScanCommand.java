package io.tunnelwatch.cli;

import io.tunnelwatch.core.AllowlistException;
import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.DevtunnelCommand;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.MalformedLineException;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.StreamingDetection;
import io.tunnelwatch.core.TimeFormat;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.ocsf.OcsfFinding;
import io.tunnelwatch.core.spi.DetectionFilter;
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
 * events. {@link Arguments} sets the options (their meaning is in {@link HelpText#SCAN}).
 */
final class ScanCommand {
  /** The columns a table shows unless {@code --columns} says otherwise. */
  static final List<String> TABLE_COLUMNS = List.of(
      "firstTime", "lastTime", "count", "dest", "user", "vendor_product", "parent_process_name",
      "process_name", "original_file_name", "process");

  /** The extra keys of a row with {@code --schedule}. */
  static final List<String> WINDOW_COLUMNS = List.of("window_start", "window_end", "late");

  /** The extra keys of a row with {@code --annotate}: what the devtunnel command did, and why the row matched. */
  static final List<String> ANNOTATION_COLUMNS = List.of("devtunnel_command", "devtunnel_tunnel", "devtunnel_ports",
      "devtunnel_anonymous", "devtunnel_login", "devtunnel_risk_score", "matched_by");

  private static final int SHOWN_REJECTIONS = 5;

  // The options, set by Arguments; see HelpText.SCAN for what each does.
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
  /** --show-suppressed. */
  boolean showSuppressed;
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
    if (!columns.isEmpty() && output != OutputFormat.TABLE && output != OutputFormat.CSV) {
      // jsonl always writes every key (a stable schema for machines); ignoring the option silently
      // would hand the user a file that is not what they asked for.
      throw new ScanFailure(ExitStatus.USAGE, "--columns applies to table and csv output; " + output
          + " always has every key");
    }
    if (riskOutput != OutputFormat.JSONL && risk == null) {
      throw new ScanFailure(ExitStatus.USAGE, "--risk-output applies to the risk events of --risk FILE");
    }
    if (hecIndex != null && output != OutputFormat.HEC && riskOutput != OutputFormat.HEC) {
      throw new ScanFailure(ExitStatus.USAGE, "--hec-index applies to -o hec and --risk-output hec");
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

    Detection.Builder builder = Detection.builder();
    AllowlistFilter allowlistFilter = null;
    if (allowlist != null) {
      allowlistFilter = loadAllowlist(allowlist);
      builder.addFilter(allowlistFilter);
    }
    try (URLClassLoader pluginLoader = plugins == null ? null : Plugins.loader(plugins, summary)) {
      if (pluginLoader != null) {
        builder.addDiscoveredFilters(pluginLoader);
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
      for (DetectionFilter f : detection.filters()) {
        summary.filter(f.name());
      }
      try (RiskOutput riskOut = RiskOutput.open(risk)) {
        List<DetectionReport> reports = evaluate(detection, inputs, summary, err);
        writeRows(out, shown, reports);
        riskOut.write(reports, this);
        if (showSuppressed) {
          showSuppressed(err, reports);
        }
      }
    } catch (IOException e) {
      // Closing the plugin loader or the risk file.
      throw new ScanFailure(ExitStatus.INPUT, "cannot close: " + Input.describe(e));
    }
    summary.print(err, System.nanoTime() - start);
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

  /** Reads every input into one evaluation (or one streaming evaluation per window) and returns its reports. */
  private List<DetectionReport> evaluate(Detection detection, List<Input> inputs, ScanSummary summary, PrintWriter err)
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
      reader = (noPrefilter || strict || schedule ? b.noPrefilter() : b.prefilter(detection.predicate()))
          .parallel(true)
          .build();
    } catch (IllegalStateException e) {
      // No adapter on the class path: a broken installation, not a usage error.
      throw new ScanFailure(ExitStatus.INPUT, "cannot read any input: " + e.getMessage(), e);
    }
    for (String problem : reader.formatLoadProblems()) {
      summary.warn(problem);
    }
    List<DetectionReport> reports = new ArrayList<>();
    Instant from = earliest == null ? Instant.MIN : earliest;
    Instant to = latest == null ? Instant.MAX : latest;
    BatchDetection batch = earliest == null && latest == null ? detection.batch() : detection.batch(from, to);
    StreamingDetection streaming = detection.streaming(reports::add).eventTime(Duration.ZERO).build();
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
        batch.accept(event);
      } else if (event.time().isBefore(from) || !event.time().isBefore(to)) {
        summary.outOfRange();
      } else {
        streaming.accept(event);
      }
    };
    ReadSummary read = ReadSummary.empty();
    try {
      for (Input input : inputs) {
        try {
          Path file = input.path();
          if (file != null && !file.toString().endsWith(".gz") && input.isPlainFile()) {
            // may use every core; the bar follows the reader's position in the file
            read = read.plus(reader.read(file, sink, bar.input()), SHOWN_REJECTIONS);
          } else {
            try (InputStream in = input.open(stdin, bar)) {
              read = read.plus(reader.read(in, input.name(), sink), SHOWN_REJECTIONS);
            }
          }
        } catch (IOException | UncheckedIOException e) {
          throw new ScanFailure(ExitStatus.INPUT, "cannot read " + input.name() + ": " + Input.describe(e), e);
        }
      }
    } catch (MalformedLineException e) {
      throw new ScanFailure(ExitStatus.INPUT, "stopped at a malformed line (--strict): " + e.rejection(), e);
    } finally {
      bar.clear();
    }
    summary.read(read, sourceZone == null ? "UTC (the default; see --source-zone)" : sourceZone + " (--source-zone)");
    if (schedule) {
      streaming.flush();
      summary.lateEvents(streaming.lateEvents());
    } else {
      reports.add(batch.finish());
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

  private void writeRows(PrintWriter out, List<String> shown, List<DetectionReport> reports) {
    if (output == OutputFormat.OCSF || output == OutputFormat.HEC) {
      writeResultLines(out, reports);
      return;
    }
    RowWriter writer = RowWriter.of(output, out, shown);
    for (DetectionReport report : reports) {
      for (DetectionResult result : report.results()) {
        writer.write(row(result));
      }
    }
    writer.finish();
    out.flush();
  }

  /** One OCSF finding or HEC envelope per kept row, one per line. */
  private void writeResultLines(PrintWriter out, List<DetectionReport> reports) {
    OcsfFinding ocsf = OcsfFinding.forProduct(TunnelwatchCommand.versionNumber());
    for (DetectionReport report : reports) {
      for (DetectionResult result : report.results()) {
        out.print(output == OutputFormat.OCSF
            ? ocsf.toJson(result)
            : ResultLines.hec(row(result), result.lastTime(), result.get(Field.DEST), ResultLines.ROW_SOURCETYPE,
                hecIndex));
        out.print('\n');
      }
    }
    out.flush();
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
  }

  private void showSuppressed(PrintWriter err, List<DetectionReport> reports) {
    for (DetectionReport report : reports) {
      for (var s : report.suppressed()) {
        DetectionResult r = s.result();
        err.println("suppressed by " + s.filter() + ": " + s.reason() + ": dest=" + r.get(Field.DEST)
            + " user=" + r.get(Field.USER) + " process_name=" + r.get(Field.PROCESS_NAME)
            + " count=" + r.count() + " firstTime=" + DetectionResult.formatTime(r.firstTime(), zone)
            + " lastTime=" + DetectionResult.formatTime(r.lastTime(), zone));
      }
    }
  }

  /** The {@code --risk} file, opened before the scan so that an unwritable path fails at once. */
  private static final class RiskOutput implements AutoCloseable {
    private final @Nullable BufferedWriter writer;
    private final @Nullable Path path;

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

    void write(List<DetectionReport> reports, ScanCommand command) throws ScanFailure {
      if (writer == null) {
        return;
      }
      try {
        for (DetectionReport report : reports) {
          for (int i = 0; i < report.riskEvents().size(); i++) {
            // riskEvents() is one per kept row, in the same order.
            writer.write(command.riskLine(report.results().get(i), report.riskEvents().get(i)));
            writer.write('\n');
          }
        }
      } catch (IOException e) {
        throw new ScanFailure(ExitStatus.INPUT, "cannot write --risk " + path + ": " + Input.describe(e));
      }
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
