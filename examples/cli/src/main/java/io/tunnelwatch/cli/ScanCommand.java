package io.tunnelwatch.cli;

import io.tunnelwatch.core.AllowlistException;
import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.MalformedLineException;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.StreamingDetection;
import io.tunnelwatch.core.Window;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tunnelwatch scan}: reads the inputs, runs the detection, writes rows, a summary and risk events. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = TunnelwatchCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Reads Sysmon Event ID 1 and Security 4688 (Splunk XmlWinEventLog, one event per line) and "
        + "CrowdStrike FDR ProcessRollup2 (JSON lines), in any mix and gzipped or not, runs the detection "
        + "(original_file_name=devtunnel.dll OR process_name=devtunnel.exe, aggregated like tstats) and writes "
        + "one result row per group to standard output, a summary to standard error.%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the scan completed (with or without detections)",
      "1:--fail-on-detection and a result row was found",
      "2:usage error (unknown option, bad value, malformed allowlist)",
      "3:an input could not be read (or an output written), or --strict stopped on a bad line"
    })
final class ScanCommand implements Callable<Integer> {
  /** The columns a table shows unless {@code --columns} says otherwise. */
  static final List<String> TABLE_COLUMNS = List.of(
      "firstTime", "lastTime", "count", "dest", "user", "vendor_product", "parent_process_name",
      "process_name", "original_file_name", "process");

  /** The extra keys of a row with {@code --schedule}. */
  static final List<String> WINDOW_COLUMNS = List.of("window_start", "window_end", "late");

  private static final int SHOWN_REJECTIONS = 5;

  // Injected by picocli; initialised so that the field is never null for NullAway.
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "Log files (.gz read transparently), directories (their *.xml, *.json, *.jsonl, *.log, *.txt"
          + " files, gzipped or not, by name), or - for standard input.")
  List<String> files = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = Converters.Output.class,
      description = "table (for people), jsonl (one JSON object per row) or csv (RFC 4180). Default: ${DEFAULT-VALUE}.")
  OutputFormat output = OutputFormat.TABLE;

  @Option(names = "--columns", paramLabel = "NAME", split = ",",
      description = "The columns of table and csv output, comma-separated (jsonl always has every key).")
  List<String> columns = new ArrayList<>();

  @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", converter = Converters.Zone.class,
      description = "Time zone of firstTime and lastTime, such as UTC, Europe/Paris or +02:00. Default: ${DEFAULT-VALUE}.")
  ZoneId zone = ZoneOffset.UTC;

  @Option(names = "--earliest", paramLabel = "INSTANT", converter = Converters.Time.class,
      description = "Only events at or after this ISO-8601 instant, such as 2024-04-23T00:00:00Z.")
  @Nullable Instant earliest;

  @Option(names = "--latest", paramLabel = "INSTANT", converter = Converters.Time.class,
      description = "Only events before this ISO-8601 instant.")
  @Nullable Instant latest;

  @Option(names = "--schedule",
      description = {
        "Evaluate as Splunk's hourly runs would (windows [hh:50, hh+1:50) evaluated 10 minutes later, "
            + "time advancing with the events in input order): one result set per window, each row with "
            + "window_start, window_end and late. Unlike Splunk, an event that arrives after its window ran "
            + "is still reported, in a row marked late."
      })
  boolean schedule;

  @Option(names = "--risk", paramLabel = "FILE",
      description = "Write the risk events of the kept rows to FILE, one JSON object per line.")
  @Nullable Path risk;

  @Option(names = "--allowlist", paramLabel = "FILE",
      description = "Suppress rows that match an entry of this allowlist (JSON; see the README).")
  @Nullable Path allowlist;

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "Load filter plugins from the jars in DIR (ServiceLoader, io.tunnelwatch.core.spi.DetectionFilter).")
  @Nullable Path plugins;

  @Option(names = "--show-suppressed",
      description = "List the rows that filters suppressed, with the filter and its reason, on standard error.")
  boolean showSuppressed;

  @Option(names = "--strict", description = "Stop at the first malformed line (exit status 3). "
      + "By default malformed lines are counted, reported and skipped.")
  boolean strict;

  @Option(names = "--no-prefilter", description = "Parse every line. By default a line that cannot hold a "
      + "devtunnel execution is passed over unparsed (counted as skipped; a malformed one is then not reported), "
      + "which is several times faster and never changes the rows. --strict and --schedule always parse every line.")
  boolean noPrefilter;

  @Option(names = "--fail-on-detection", description = "Exit with status 1 when a result row was found.")
  boolean failOnDetection;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar on standard error (default: when it is a terminal).")
  @Nullable Boolean progress;

  @Option(names = {"-v", "--verbose"}, description = "Library warnings in full, and stack traces of errors.")
  boolean verbose;

  private final InputStream stdin;
  private final boolean terminal;

  ScanCommand(InputStream stdin, boolean terminal) {
    this.stdin = stdin;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    if (!verbose && System.getProperty(LOG_LEVEL) == null) {
      // Before the first logger exists: the library's warnings (some with stack traces) are
      // reported by this command as one line each; --verbose shows them in full.
      System.setProperty(LOG_LEVEL, "error");
    }
    PrintWriter err = spec.commandLine().getErr();
    try {
      return scan(spec.commandLine().getOut(), err);
    } catch (ScanFailure f) {
      if (f.status() == ExitStatus.USAGE) {
        throw new ParameterException(spec.commandLine(), f.getMessage());
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
      detection.filterLoadProblems().forEach(summary::warn);
      if (allowlistFilter != null) {
        for (AllowlistFilter.Entry e : allowlistFilter.expiredEntries()) {
          summary.warn("allowlist " + allowlist + " entry " + e.index() + " (" + e.reason() + ", owner " + e.owner()
              + ") expired on " + e.expires().orElseThrow() + " and no longer suppresses");
        }
      }
      detection.filters().forEach(f -> summary.filter(f.name()));
      try (RiskOutput riskOut = RiskOutput.open(risk)) {
        List<DetectionReport> reports = evaluate(detection, inputs, summary, err);
        writeRows(out, shown, reports);
        riskOut.write(reports, zone);
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
      // --strict must see every malformed line, and --schedule advances time with every event
      // (matching or not), so both parse every line; otherwise the prefilter keeps the rows as they are.
      // With the prefilter, a file is read on two cores (parsing stays on one thread, in order).
      reader = (noPrefilter || strict || schedule ? b.noPrefilter() : b.prefilter(detection.predicate()).parallel(true))
          .build();
    } catch (IllegalStateException e) {
      // No adapter on the class path: a broken installation, not a usage error.
      throw new ScanFailure(ExitStatus.INPUT, "cannot read any input: " + e.getMessage(), e);
    }
    reader.formatLoadProblems().forEach(summary::warn);
    List<DetectionReport> reports = new ArrayList<>();
    Instant from = earliest == null ? Instant.MIN : earliest;
    Instant to = latest == null ? Instant.MAX : latest;
    BatchDetection batch = earliest == null && latest == null ? detection.batch() : detection.batch(from, to);
    StreamingDetection streaming = detection.streaming(reports::add).eventTime(Duration.ZERO).build();
    boolean showProgress = progress == null ? terminal : progress;
    Progress bar = new Progress(err, showProgress, inputs.stream().mapToLong(Input::size).sum());
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
          if (file != null && !showProgress && !file.toString().endsWith(".gz") && input.isPlainFile()) {
            read = read.plus(reader.read(file, sink), SHOWN_REJECTIONS); // may use two cores
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
    summary.read(read);
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
    Arrays.stream(Field.values()).map(Field::cimName).forEach(all::add);
    all.addAll(List.of("count", "firstTime", "lastTime"));
    if (schedule) {
      all.addAll(WINDOW_COLUMNS);
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
    RowWriter writer = RowWriter.of(output, out, shown);
    for (DetectionReport report : reports) {
      for (DetectionResult result : report.results()) {
        writer.write(row(result));
      }
    }
    writer.finish();
    out.flush();
  }

  /** The row as {@link DetectionResult#toRow} renders it, plus its window with {@code --schedule}. */
  Map<String, Object> row(DetectionResult result) {
    Map<String, Object> row = new LinkedHashMap<>(result.toRow(zone));
    Window w = result.window();
    if (schedule && w != null) {
      row.put("window_start", DetectionResult.formatTime(w.start(), zone));
      row.put("window_end", DetectionResult.formatTime(w.end(), zone));
      row.put("late", result.late());
    }
    return row;
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

    void write(List<DetectionReport> reports, ZoneId zone) throws ScanFailure {
      if (writer == null) {
        return;
      }
      try {
        for (DetectionReport report : reports) {
          for (RiskEvent e : report.riskEvents()) {
            writer.write(e.toJson(zone));
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
