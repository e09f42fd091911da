// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Every option of the command line, each written once: its names, its value (label, conversion and
 * where it is stored), its help, the outputs it applies to, and whether the launcher must know it.
 * {@link Arguments} parses by this table, {@link HelpText} prints its help from it, and
 * {@code LauncherOptionsTest} fails when the launcher's list differs from it.
 *
 * <p>To add an option: a field in {@link ScanCommand}, one constant here (in the place it takes in
 * the help), then the pinned help ({@code src/test/resources/help/scan.txt}) updated to what
 * {@code tunnelwatch scan --help} prints. A flag is {@link Spec#flag}, an option with a value
 * {@link Spec#value} whose store converts with {@link Converters} (an
 * {@link IllegalArgumentException} becomes the usage error); then, as needed, {@link Spec#scope}
 * (given outside it, the option is a usage error), {@link Spec#repeatable}, {@link Spec#negatable},
 * {@link Spec#parsesEveryLine} (the launcher keeps the optimising JIT for it).
 */
// The stores and scopes are lambdas over their arguments only: nothing in a constant ever changes.
@SuppressWarnings("ImmutableEnumChecker")
enum CliOption {
  OUTPUT(Spec.value('o', "--output", "FORMAT", (s, v) -> s.output = Converters.output(v)), """
      table (for people), jsonl (one JSON object per row), csv (RFC 4180), ocsf (one OCSF 1.8.0
      Detection Finding per row) or hec (one Splunk HEC envelope per row). Default: table."""),
  COLUMNS(Spec.value(Spec.NONE, "--columns", "NAME", (s, v) -> s.columns.addAll(Arrays.asList(v.split(","))))
      .repeatable("NAME[,NAME...]").scope(Scope.outputs(OutputFormat.TABLE, OutputFormat.CSV)), """
      The columns of table and csv output, comma-separated (jsonl always has every key)."""),
  RAW_CSV(Spec.flag("--raw-csv", (s, v) -> s.rawCsv = v).scope(Scope.outputs(OutputFormat.CSV)), """
      Write csv cells as they are. By default a cell that starts with =, +, -, @, tab or carriage
      return gets a ' in front, so that a spreadsheet shows it as text instead of running it as a
      formula."""),
  ZONE(Spec.value(Spec.NONE, "--zone", "ZONE", (s, v) -> s.zone = Converters.zone(v)).scope(Scope.TIMES), """
      Time zone of firstTime and lastTime in the output, such as UTC, Europe/Paris or +02:00.
      Default: UTC."""),
  TIME_FORMAT(Spec.value(Spec.NONE, "--time-format", "FORMAT", (s, v) -> s.timeFormat = Converters.timeFormat(v))
      .scope(Scope.TIMES), """
      firstTime, lastTime and window times as splunk (2024-04-23T10:48:30, the detection's own),
      rfc3339 (2024-04-23T10:48:30.4493768+02:00) or epoch (1713862110.4493768). Default: splunk."""),
  SOURCE_ZONE(Spec.value(Spec.NONE, "--source-zone", "ZONE", (s, v) -> s.sourceZone = Converters.zone(v)), """
      Time zone of input times written without one (NXLog's EventTime), such as Europe/Paris or
      +02:00; not that of the output (--zone). Default: UTC."""),
  EARLIEST(Spec.value(Spec.NONE, "--earliest", "TIME", (s, v) -> s.earliest = Converters.time(v, s.now)), """
      Only events at or after this time: an ISO-8601 instant such as 2024-04-23T00:00:00Z or
      2024-04-23T02:00:00+02:00, or a time before now such as -24h (-DURATION; units ms, s, m, h,
      d, or ISO-8601 such as -PT90M)."""),
  LATEST(Spec.value(Spec.NONE, "--latest", "TIME", (s, v) -> s.latest = Converters.time(v, s.now)), """
      Only events before this time, written as for --earliest (-1h: an hour ago)."""),
  SCHEDULE(Spec.flag("--schedule", (s, v) -> s.schedule = v).parsesEveryLine(), """
      Evaluate as Splunk's hourly runs would (windows [hh:50, hh+1:50) evaluated 10 minutes later,
      time advancing with the events in input order): one result set per window, each row with
      window_start, window_end and late. Unlike Splunk, an event that arrives after its window ran
      is still reported, in a row marked late."""),
  MAX_CLOCK_SKEW(Spec.value(Spec.NONE, "--max-clock-skew", "DURATION", (s, v) -> s.maxClockSkew = Converters.duration(v))
      .scope(Scope.given("--schedule", s -> s.schedule)), """
      With --schedule: an event dated more than this after the clock is a future event, kept in its
      own window and listed in the summary, but it does not advance time. Default: 10m."""),
  ANNOTATE(Spec.flag("--annotate", (s, v) -> s.annotate = v).scope(Scope.ANNOTATIONS), """
      Add to each row what the devtunnel command did (devtunnel_command, devtunnel_tunnel,
      devtunnel_ports, devtunnel_anonymous, devtunnel_login, devtunnel_risk_score) and which clause
      matched (matched_by); the risk events get devtunnel_risk_score."""),
  RISK(Spec.value(Spec.NONE, "--risk", "FILE", (s, v) -> s.risk = Path.of(v)), """
      Write the risk events of the kept rows to FILE, one JSON object per line."""),
  RISK_OUTPUT(Spec.value(Spec.NONE, "--risk-output", "FORMAT", (s, v) -> s.riskOutput = Converters.riskOutput(v))
      .scope(Scope.given("--risk FILE", s -> s.risk != null)), """
      jsonl (the risk index's field names) or hec (each risk event in a Splunk HEC envelope).
      Default: jsonl."""),
  HEC_INDEX(Spec.value(Spec.NONE, "--hec-index", "INDEX", (s, v) -> s.hecIndex = Converters.hecIndex(v))
      .scope(Scope.HEC), """
      The index of the HEC envelopes (-o hec, --risk-output hec). Default: the HEC token's."""),
  ALLOWLIST(Spec.value(Spec.NONE, "--allowlist", "FILE", (s, v) -> s.allowlist = Path.of(v)), """
      Suppress rows that match an entry of this allowlist (JSON; see the README)."""),
  PLUGINS(Spec.value(Spec.NONE, "--plugins", "DIR", (s, v) -> s.plugins = Path.of(v)), """
      Load filter plugins from the jars in DIR (ServiceLoader, io.tunnelwatch.core.spi.DetectionFilter).
      A jar or class that cannot be loaded is a warning; the scan goes on."""),
  FILTER_TIMEOUT(Spec.value(Spec.NONE, "--filter-timeout", "DURATION",
      (s, v) -> s.filterTimeout = Converters.positiveDuration(v)), """
      Warn on standard error, while it runs, about a filter that has been deciding one row for
      longer than this (500ms, 10s, 2m), again after each further DURATION. Default: 10s."""),
  TEMP_DIR(Spec.value(Spec.NONE, "--temp-dir", "DIR", (s, v) -> s.tempDir = Path.of(v)), """
      Where result groups spill past a quarter of the heap (-Xmx), to be merged back exactly;
      deleted at the end. Default: java.io.tmpdir."""),
  SHOW_SUPPRESSED(Spec.flag("--show-suppressed", (s, v) -> s.showSuppressed = v), """
      List the rows that filters suppressed, with the filter and its reason, on standard error."""),
  THROTTLE(Spec.value(Spec.NONE, "--throttle", "DURATION", (s, v) -> s.throttle = Converters.positiveDuration(v)), """
      Suppress a row whose dest and process_name repeat those of a row kept less than DURATION
      (1h, 24h, 1d) before or after it, as Splunk ES throttles alerts; counted as suppressed."""),
  THROTTLE_FIELDS(Spec.value(Spec.NONE, "--throttle-fields", "NAME", (s, v) -> s.throttleFields = Converters.fields(v))
      .scope(Scope.given("--throttle DURATION", s -> s.throttle != null)), """
      The fields that make a repeat for --throttle, comma-separated. Default: dest,process_name."""),
  COVERAGE(Spec.flag("--coverage", (s, v) -> s.coverage = v).parsesEveryLine(), """
      Parse every line, and list per source the fields of the detection it lacks and what each
      hides (the summary names them in one line)."""),
  STRICT(Spec.flag("--strict", (s, v) -> s.strict = v).parsesEveryLine(), """
      Stop at the first malformed line (exit status 3). By default malformed lines are counted,
      reported and skipped."""),
  NO_PREFILTER(Spec.flag("--no-prefilter", (s, v) -> s.noPrefilter = v).parsesEveryLine(), """
      Parse every line. By default a line that cannot hold a devtunnel execution is passed over
      unparsed (counted as skipped; a malformed one is then not reported), which is several times
      faster and never changes the rows. --strict and --schedule always parse every line."""),
  FAIL_ON_DETECTION(Spec.flag("--fail-on-detection", (s, v) -> s.failOnDetection = v), """
      Exit with status 1 when a result row was found."""),
  PROGRESS(Spec.flag("--progress", (s, v) -> s.progress = v).negatable(), """
      Show a progress bar on standard error (default: when it is a terminal)."""),
  VERBOSE(Spec.flag('v', "--verbose", (s, v) -> s.verbose = v), """
      Library warnings in full, and stack traces of errors."""),
  HELP(Spec.flag('h', "--help", null).ofTopCommand(), """
      Show this help message and exit."""),
  VERSION(Spec.flag('V', "--version", null).ofTopCommand(), """
      Print version information and exit.""");

  /** Stores a converted value; throws {@link IllegalArgumentException} saying what a valid one is. */
  @FunctionalInterface
  interface Store {
    void set(ScanCommand scan, String value);
  }

  /** Stores a flag's value. */
  @FunctionalInterface
  interface FlagStore {
    void set(ScanCommand scan, boolean value);
  }

  /** The one letter of {@code -o}; {@link Spec#NONE} for none. */
  final char letter;
  /** {@code --output}. */
  final String longName;
  /** The value's name in messages ({@code FORMAT}); null for a flag. */
  final @Nullable String label;
  /** The value's name in the help, {@code NAME[,NAME...]} for a list. */
  final @Nullable String helpLabel;
  final @Nullable Store store;
  final @Nullable FlagStore flagStore;
  /** May be given more than once, each value adding to the others. */
  final boolean repeatable;
  /** Has a {@code --no-} form ({@code --[no-]progress}). */
  final boolean negatable;
  /** Of {@code tunnelwatch} itself as well as of {@code scan} ({@code -h}, {@code -V}). */
  final boolean topCommand;
  /** Makes every line be parsed: the launcher lets the JIT's optimising tier run for it. */
  final boolean parsesEveryLine;
  /** Where the option has an effect; null for everywhere. */
  final @Nullable Scope scope;
  /** What the help says of it: one paragraph, wrapped when printed. */
  final String help;

  CliOption(Spec spec, String help) {
    this.letter = spec.letter;
    this.longName = spec.longName;
    this.label = spec.label;
    this.helpLabel = spec.helpLabel;
    this.store = spec.store;
    this.flagStore = spec.flagStore;
    this.repeatable = spec.repeatable;
    this.negatable = spec.negatable;
    this.topCommand = spec.topCommand;
    this.parsesEveryLine = spec.parsesEveryLine;
    this.scope = spec.scope;
    this.help = help.replaceAll("\\s+", " ").strip();
  }

  /** Whether it takes a value ({@code --zone UTC}) rather than being a flag. */
  boolean hasValue() {
    return label != null;
  }

  /** The name the help gives it: {@code --[no-]progress} for a negatable flag. */
  String helpName() {
    return negatable ? "--[no-]" + longName.substring(2) : longName;
  }

  /** The long names of the options that make every line be parsed, as the launcher lists them. */
  static List<String> parsingEveryLine() {
    List<String> names = new ArrayList<>();
    for (CliOption o : values()) {
      if (o.parsesEveryLine) {
        names.add(o.longName);
      }
    }
    return names;
  }

  /**
   * The outputs an option applies to. Given with another, it would do nothing, and a user who
   * reads the output would believe it did: that is a usage error naming the option and the output.
   *
   * @param where where it applies: {@code -o csv}
   * @param holds whether a scan is such a place
   * @param here what a scan that is not is: {@code -o table}
   */
  record Scope(String where, Predicate<ScanCommand> holds, Function<ScanCommand, String> here) {
    /** Rows or risk events that show times: OCSF findings have their own. */
    static final Scope TIMES = new Scope("-o table, jsonl, csv or hec, and --risk",
        s -> s.output != OutputFormat.OCSF || s.risk != null, s -> "-o " + s.output + " without --risk");

    /** HEC envelopes, of rows or of risk events. */
    static final Scope HEC = new Scope("-o hec and --risk-output hec",
        s -> s.output == OutputFormat.HEC || s.riskOutput == OutputFormat.HEC,
        s -> "-o " + s.output + (s.risk == null ? " without --risk" : " with --risk-output " + s.riskOutput));

    /** Rows that show an annotation column, or risk events (which get the score). */
    static final Scope ANNOTATIONS = new Scope(
        "rows that show its columns (-o jsonl, hec or csv, or --columns naming one) and --risk",
        s -> s.risk != null || switch (s.output) {
          case JSONL, HEC -> true;
          case OCSF -> false; // a finding always says what the command did
          case CSV -> s.columns.isEmpty() || namesAnnotation(s.columns);
          case TABLE -> namesAnnotation(s.columns);
        },
        s -> "-o " + s.output + (s.columns.isEmpty() ? "" : " --columns " + String.join(",", s.columns))
            + " without --risk");

    private static boolean namesAnnotation(List<String> columns) {
      for (String c : columns) {
        if (ScanCommand.ANNOTATION_COLUMNS.contains(c)) {
          return true;
        }
      }
      return false;
    }

    /** One or more output formats ({@code -o}). */
    static Scope outputs(OutputFormat... formats) {
      List<String> names = new ArrayList<>();
      for (OutputFormat f : formats) {
        names.add("-o " + f);
      }
      List<OutputFormat> list = List.of(formats);
      return new Scope(String.join(" and ", names), s -> list.contains(s.output), s -> "-o " + s.output);
    }

    /** Scans with another option ({@code --schedule}). */
    static Scope given(String option, Predicate<ScanCommand> holds) {
      return new Scope(option, holds, s -> "a scan without " + option);
    }

    /** Why {@code option} does not apply to {@code scan}; null when it does. */
    @Nullable String refusal(CliOption option, ScanCommand scan) {
      return holds.test(scan) ? null : option.longName + " applies to " + where + ", not to " + here.apply(scan);
    }
  }

  /** An option's description before its help, built by chained calls in the table. */
  static final class Spec {
    /** No one-letter name. */
    static final char NONE = ' ';

    final char letter;
    final String longName;
    final @Nullable String label;
    @Nullable String helpLabel;
    final @Nullable Store store;
    final @Nullable FlagStore flagStore;
    boolean repeatable;
    boolean negatable;
    boolean topCommand;
    boolean parsesEveryLine;
    @Nullable Scope scope;

    private Spec(char letter, String longName, @Nullable String label, @Nullable Store store,
        @Nullable FlagStore flagStore) {
      this.letter = letter;
      this.longName = longName;
      this.label = label;
      this.helpLabel = label;
      this.store = store;
      this.flagStore = flagStore;
    }

    static Spec value(char letter, String longName, String label, Store store) {
      return new Spec(letter, longName, label, store, null);
    }

    static Spec flag(String longName, FlagStore store) {
      return flag(NONE, longName, store);
    }

    /** A flag; {@code store} null for help and version, which the parser answers itself. */
    static Spec flag(char letter, String longName, @Nullable FlagStore store) {
      return new Spec(letter, longName, null, null, store);
    }

    Spec repeatable(String listLabel) {
      repeatable = true;
      helpLabel = listLabel;
      return this;
    }

    Spec negatable() {
      negatable = true;
      return this;
    }

    Spec ofTopCommand() {
      topCommand = true;
      return this;
    }

    Spec parsesEveryLine() {
      parsesEveryLine = true;
      return this;
    }

    Spec scope(Scope where) {
      scope = where;
      return this;
    }
  }
}
