// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written command line grammar: every option of {@code scan} in both forms, and the
 * messages picocli 4.7 gave for the same mistakes (taken from runs of the picocli build).
 */
final class ArgumentsTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private static ScanCommand scan(String... args) throws UsageException {
    ScanCommand scan = new ScanCommand(new ByteArrayInputStream(new byte[0]), false);
    assertThat(Arguments.parse(args, scan)).isEqualTo(Arguments.Request.SCAN);
    return scan;
  }

  private static String usageError(String... args) {
    CliRun r = run(args);
    assertThat(r.status()).as("exit status of %s", String.join(" ", args)).isEqualTo(ExitStatus.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    return r.err();
  }

  private static String scanError(String message) {
    return "tunnelwatch scan: " + message + " (see 'tunnelwatch scan --help')\n";
  }

  @Test
  void defaults_whenOnlyFilesAreGiven() throws UsageException {
    ScanCommand s = scan("scan", "a.log", "-", "dir");
    assertThat(s.files).containsExactly("a.log", "-", "dir");
    assertThat(s.output).isEqualTo(OutputFormat.TABLE);
    assertThat(s.columns).isEmpty();
    assertThat(s.zone).isEqualTo(ZoneOffset.UTC);
    assertThat(s.sourceZone).isNull();
    assertThat(s.earliest).isNull();
    assertThat(s.latest).isNull();
    assertThat(s.risk).isNull();
    assertThat(s.allowlist).isNull();
    assertThat(s.plugins).isNull();
    assertThat(s.progress).isNull();
    assertThat(new boolean[] {s.schedule, s.showSuppressed, s.strict, s.noPrefilter, s.failOnDetection, s.verbose})
        .containsOnly(false);
  }

  @Test
  void everyOptionWithItsValue_asSeparateArgument() throws UsageException {
    ScanCommand s = scan("scan", "--output", "CSV", "--columns", "dest,user", "--zone", "Europe/Paris",
        "--source-zone", "America/New_York", "--earliest", "2024-04-23T10:00:00+02:00", "--latest", "2024-04-24T00:00:00Z", "--risk", "r.jsonl",
        "--allowlist", "allow.json", "--plugins", "plugins", "x.log");
    assertThat(s.output).isEqualTo(OutputFormat.CSV);
    assertThat(s.columns).containsExactly("dest", "user");
    assertThat(s.zone).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(s.sourceZone).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(s.earliest).isEqualTo(Instant.parse("2024-04-23T08:00:00Z"));
    assertThat(s.latest).isEqualTo(Instant.parse("2024-04-24T00:00:00Z"));
    assertThat(s.risk).isEqualTo(Path.of("r.jsonl"));
    assertThat(s.allowlist).isEqualTo(Path.of("allow.json"));
    assertThat(s.plugins).isEqualTo(Path.of("plugins"));
    assertThat(s.files).containsExactly("x.log");
  }

  @Test
  void everyOptionWithItsValue_afterAnEqualsSign() throws UsageException {
    ScanCommand s = scan("scan", "--output=csv", "--columns=dest,user", "--zone=+02:00", "--source-zone=-05:00",
        "--earliest=2024-04-23T08:00:00Z", "--latest=2024-04-24T00:00:00Z", "--risk=r.jsonl",
        "--allowlist=allow.json", "--plugins=plugins", "x.log");
    assertThat(s.output).isEqualTo(OutputFormat.CSV);
    assertThat(s.columns).containsExactly("dest", "user");
    assertThat(s.zone).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(s.sourceZone).isEqualTo(ZoneOffset.ofHours(-5));
    assertThat(s.earliest).isEqualTo(Instant.parse("2024-04-23T08:00:00Z"));
    assertThat(s.latest).isEqualTo(Instant.parse("2024-04-24T00:00:00Z"));
    assertThat(s.risk).isEqualTo(Path.of("r.jsonl"));
    assertThat(s.allowlist).isEqualTo(Path.of("allow.json"));
    assertThat(s.plugins).isEqualTo(Path.of("plugins"));
  }

  @Test
  void shortOutputOption_inEveryForm() throws UsageException {
    assertThat(scan("scan", "-o", "csv", "x").output).isEqualTo(OutputFormat.CSV);
    assertThat(scan("scan", "-ojsonl", "x").output).isEqualTo(OutputFormat.JSONL);
    assertThat(scan("scan", "-o=Table", "x").output).isEqualTo(OutputFormat.TABLE);
    ScanCommand cluster = scan("scan", "-vocsv", "x");
    assertThat(cluster.verbose).isTrue();
    assertThat(cluster.output).isEqualTo(OutputFormat.CSV);
  }

  @Test
  void everyFlag_setsItsOption() throws UsageException {
    ScanCommand s = scan("scan", "--schedule", "--show-suppressed", "--strict", "--no-prefilter",
        "--fail-on-detection", "--progress", "--verbose", "x");
    assertThat(new boolean[] {s.schedule, s.showSuppressed, s.strict, s.noPrefilter, s.failOnDetection, s.verbose})
        .containsOnly(true);
    assertThat(s.progress).isTrue();
    assertThat(scan("scan", "-v", "x").verbose).isTrue();
  }

  @Test
  void flags_takeAnExplicitBooleanAfterAnEqualsSign() throws UsageException {
    assertThat(scan("scan", "--strict=false", "x").strict).isFalse();
    assertThat(scan("scan", "--strict=TRUE", "x").strict).isTrue();
    assertThat(scan("scan", "-v=true", "x").verbose).isTrue();
    // A following argument is never the flag's value: it is a FILE.
    assertThat(scan("scan", "--strict", "true", "x").files).containsExactly("true", "x");
    assertThat(usageError("scan", "--strict=yes", "x"))
        .isEqualTo(scanError("Invalid value for option '--strict': 'yes' is not a boolean"));
  }

  @Test
  void progress_isNegatable() throws UsageException {
    assertThat(scan("scan", "--progress", "x").progress).isTrue();
    assertThat(scan("scan", "--no-progress", "x").progress).isFalse();
    assertThat(scan("scan", "--progress=false", "x").progress).isFalse();
    assertThat(scan("scan", "--no-progress=false", "x").progress).isTrue();
    assertThat(usageError("scan", "--progress", "--no-progress", "x"))
        .isEqualTo(scanError("option '--progress' should be specified only once"));
  }

  @Test
  void columns_areSplitOnCommasAndRepeatable() throws UsageException {
    assertThat(scan("scan", "--columns", "dest", "--columns=user,count", "x").columns)
        .containsExactly("dest", "user", "count");
  }

  @Test
  void optionsAndFiles_mayInterleave() throws UsageException {
    ScanCommand s = scan("scan", "a", "--strict", "b", "-o", "csv", "c");
    assertThat(s.files).containsExactly("a", "b", "c");
    assertThat(s.strict).isTrue();
  }

  @Test
  void doubleDash_endsTheOptions() throws UsageException {
    ScanCommand s = scan("scan", "--strict", "--", "--help", "-o", "--");
    assertThat(s.files).containsExactly("--help", "-o", "--");
    assertThat(s.output).isEqualTo(OutputFormat.TABLE);
  }

  @Test
  void negativeNumbersAndLoneDash_areFiles() throws UsageException {
    assertThat(scan("scan", "-5", "-1.5", "-").files).containsExactly("-5", "-1.5", "-");
  }

  @Test
  void optionValue_mayStartWithADashUnlessItIsAnOption() throws UsageException {
    assertThat(scan("scan", "--risk", "--bogus", "x").risk).isEqualTo(Path.of("--bogus"));
    assertThat(usageError("scan", "--zone", "-V"))
        .isEqualTo(scanError("Expected parameter for option '--zone' but found '-V'"));
    assertThat(usageError("scan", "--zone=-V", "x"))
        .isEqualTo(scanError("Expected parameter for option '--zone' but found '-V'"));
    assertThat(usageError("scan", "-o", "--strict", "x"))
        .isEqualTo(scanError("Expected parameter for option '--output' but found '--strict'"));
    assertThat(usageError("scan", "--output", "--", "x"))
        .isEqualTo(scanError("Expected parameter for option '--output' but found '--'"));
    assertThat(usageError("scan", "-o", "-vh", "x"))
        .isEqualTo(scanError("Expected parameter for option '--output' but found '-vh'"));
  }

  @Test
  void unknownOption_isAUsageError() {
    assertThat(usageError("scan", "--bogus", "x")).isEqualTo(scanError("Unknown option: '--bogus'"));
    assertThat(usageError("scan", "--bogus=3", "x")).isEqualTo(scanError("Unknown option: '--bogus=3'"));
    assertThat(usageError("scan", "-x", "x", "--other")).isEqualTo(scanError("Unknown options: '-x', '--other'"));
    assertThat(usageError("scan", "-xv", "x")).isEqualTo(scanError("Unknown option: '-xv'"));
    assertThat(usageError("scan", "-vx", "x"))
        .isEqualTo(scanError("Unknown option: '-x' (while processing option: '-vx')"));
    assertThat(usageError("scan", "--no-progres", "x")).isEqualTo(scanError("Unknown option: '--no-progres'"));
  }

  @Test
  void missingValue_isAUsageError() {
    assertThat(usageError("scan", "-o")).isEqualTo(scanError("Missing required parameter for option '--output' (FORMAT)"));
    assertThat(usageError("scan", "x", "--zone")).isEqualTo(scanError("Missing required parameter for option '--zone' (ZONE)"));
    assertThat(usageError("scan", "x", "--columns"))
        .isEqualTo(scanError("Missing required parameter for option '--columns' (NAME)"));
    assertThat(usageError("scan", "x", "--earliest"))
        .isEqualTo(scanError("Missing required parameter for option '--earliest' (TIME)"));
    assertThat(usageError("scan", "x", "--risk")).isEqualTo(scanError("Missing required parameter for option '--risk' (FILE)"));
    assertThat(usageError("scan", "x", "--plugins")).isEqualTo(scanError("Missing required parameter for option '--plugins' (DIR)"));
  }

  @Test
  void badValue_isAUsageErrorSayingWhatIsValid() {
    assertThat(usageError("scan", "--output=xml", "x"))
        .isEqualTo(scanError("Invalid value for option '--output': expected one of table, jsonl, csv, ocsf, hec but was 'xml'"));
    assertThat(usageError("scan", "-o=", "x"))
        .isEqualTo(scanError("Invalid value for option '--output': expected one of table, jsonl, csv, ocsf, hec but was ''"));
    assertThat(usageError("scan", "--zone=", "x"))
        .isEqualTo(scanError("Invalid value for option '--zone': '' is not a time zone such as UTC, Europe/Paris or +02:00"));
    String notAnInstant = "' is not an ISO-8601 instant such as 2024-04-23T08:00:00Z or 2024-04-23T10:00:00+02:00,"
        + " nor a time before now such as -24h";
    assertThat(usageError("scan", "--earliest", "foo", "x"))
        .isEqualTo(scanError("Invalid value for option '--earliest': 'foo" + notAnInstant));
    assertThat(usageError("scan", "--latest=2024-04-23", "x"))
        .isEqualTo(scanError("Invalid value for option '--latest': '2024-04-23" + notAnInstant));
  }

  @Test
  void badValue_isReportedEvenWithHelp() {
    assertThat(usageError("scan", "--help", "-o", "xml"))
        .isEqualTo(scanError("Invalid value for option '--output': expected one of table, jsonl, csv, ocsf, hec but was 'xml'"));
  }

  @Test
  void optionGivenTwice_isAUsageError() {
    assertThat(usageError("scan", "-o", "jsonl", "--output=csv", "x"))
        .isEqualTo(scanError("option '--output' (FORMAT) should be specified only once"));
    assertThat(usageError("scan", "--schedule", "--schedule", "x"))
        .isEqualTo(scanError("option '--schedule' should be specified only once"));
    assertThat(usageError("scan", "-vv", "x")).isEqualTo(scanError("option '--verbose' should be specified only once"));
    assertThat(usageError("-V", "-V")).isEqualTo("tunnelwatch: option '--version' should be specified only once"
        + " (see 'tunnelwatch --help')\n");
  }

  @Test
  void noFile_isAUsageErrorUnlessHelpIsAsked() {
    assertThat(usageError("scan")).isEqualTo(scanError("Missing required parameter: 'FILE'"));
    assertThat(usageError("scan", "--")).isEqualTo(scanError("Missing required parameter: 'FILE'"));
    // picocli checked FILE before the unknown options.
    assertThat(usageError("scan", "--bogus")).isEqualTo(scanError("Missing required parameter: 'FILE'"));
    assertThat(run("scan", "--bogus", "--help").status()).isZero();
  }

  @Test
  void topCommand_errors() {
    String see = " (see 'tunnelwatch --help')\n";
    assertThat(usageError()).isEqualTo("tunnelwatch: missing command; the commands are 'scan' and 'help'" + see);
    assertThat(usageError("--")).isEqualTo("tunnelwatch: missing command; the commands are 'scan' and 'help'" + see);
    assertThat(usageError("bogus")).isEqualTo("tunnelwatch: Unmatched argument at index 0: 'bogus'" + see);
    assertThat(usageError("SCAN", "x")).isEqualTo("tunnelwatch: Unmatched arguments from index 0: 'SCAN', 'x'" + see);
    assertThat(usageError("--", "scan")).isEqualTo("tunnelwatch: Unmatched argument at index 1: 'scan'" + see);
    assertThat(usageError("-v", "scan", "x")).isEqualTo("tunnelwatch: Unknown option: '-v'" + see);
    assertThat(usageError("--version=1")).isEqualTo("tunnelwatch: Invalid value for option '--version': '1' is not a boolean" + see);
  }

  @Test
  void help_printsThePicocliTextAndExitsZero() {
    String top = CliRun.resource("help/tunnelwatch.txt");
    String scan = CliRun.resource("help/scan.txt");
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"-hV"}, {"--help", "scan"}, {"--version", "--help"}}) {
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(new CliRun(0, top, ""));
    }
    for (String[] args : new String[][] {{"scan", "--help"}, {"scan", "-h"}, {"scan", "x", "-vh"}, {"scan", "-Vh"},
        {"scan", "--help=false"}}) {
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(new CliRun(0, scan, ""));
    }
  }

  @Test
  void helpCommand_printsTheHelpOfTheCommandItNames() {
    String top = CliRun.resource("help/tunnelwatch.txt");
    String scan = CliRun.resource("help/scan.txt");
    for (String[] args : new String[][] {{"help"}, {"help", "help"}, {"help", "--help"}, {"help", "-h"}}) {
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(new CliRun(0, top, ""));
    }
    assertThat(run("help", "scan")).isEqualTo(new CliRun(0, scan, ""));
    String see = " (see 'tunnelwatch --help')\n";
    assertThat(usageError("help", "bogus"))
        .isEqualTo("tunnelwatch: help: no command 'bogus'; the commands are 'scan' and 'help'" + see);
    assertThat(usageError("help", "scan", "x")).isEqualTo("tunnelwatch: help takes one command but was given 2:"
        + " 'scan', 'x'" + see);
    assertThat(usageError("bogus", "help")).isEqualTo("tunnelwatch: Unmatched argument at index 0: 'bogus'" + see);
    // after 'scan', 'help' is a file name
    assertThat(run("scan", "help").err()).endsWith("\ntunnelwatch scan: cannot read help: no such file\n");
  }

  @Test
  void help_fitsEightyColumns() {
    assertThat(HelpText.SCAN.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(HelpText.TUNNELWATCH.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void version_printsTheBuildVersionAndExitsZero() {
    for (String[] args : new String[][] {{"--version"}, {"-V"}, {"--version", "scan"}, {"scan", "--version"},
        {"scan", "-V"}, {"scan", "-Vq"}}) {
      CliRun r = run(args);
      assertThat(r.status()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).matches("tunnelwatch \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void argumentFile_isExpanded() throws IOException, UsageException {
    Path file = tmp.resolve("args.txt");
    Files.writeString(file, "# options\n-o 'csv'\n\"--columns\" dest\n", StandardCharsets.UTF_8);
    ScanCommand s = scan("scan", "@" + file, "x");
    assertThat(s.output).isEqualTo(OutputFormat.CSV);
    assertThat(s.columns).containsExactly("dest");
    assertThat(scan("scan", "@" + tmp.resolve("none")).files).containsExactly("@" + tmp.resolve("none"));
  }

  @Test
  void converters_refuseWithTheirOwnMessages() {
    assertThatThrownBy(() -> Converters.output("xml")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected one of table, jsonl, csv, ocsf, hec but was 'xml'");
    assertThatThrownBy(() -> Converters.zone("Mars/Olympus")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'Mars/Olympus' is not a time zone such as UTC, Europe/Paris or +02:00");
    assertThatThrownBy(() -> Converters.time("yesterday", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'yesterday' is not an ISO-8601 instant");
    assertThatThrownBy(() -> Converters.time("-1y", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'-1y' is not a time before now such as -24h, -90m or -PT90M (a duration of ms, s, m, h or d)");
  }

  @Test
  void relativeTimes_countBackFromWhenTheCommandLineWasRead() throws UsageException {
    ScanCommand s = scan("scan", "--earliest", "-24h", "--latest=-1h", "x");
    assertThat(s.earliest).isEqualTo(s.now.minus(Duration.ofHours(24)));
    assertThat(s.latest).isEqualTo(s.now.minus(Duration.ofHours(1)));
    ScanCommand units = scan("scan", "--earliest", "-2d", "--latest", "-PT90M", "x");
    assertThat(units.earliest).isEqualTo(units.now.minus(Duration.ofDays(2)));
    assertThat(units.latest).isEqualTo(units.now.minus(Duration.ofMinutes(90)));
    assertThat(scan("scan", "--latest", "-500ms", "x").latest).isBefore(Instant.now());
    // the absolute forms stay
    assertThat(scan("scan", "--earliest", "2024-04-23T10:00:00+02:00", "x").earliest)
        .isEqualTo(Instant.parse("2024-04-23T08:00:00Z"));
    assertThat(usageError("scan", "--earliest", "-24", "x")).isEqualTo(scanError("Invalid value for option"
        + " '--earliest': '-24' is not a time before now such as -24h, -90m or -PT90M (a duration of ms, s, m, h or d)"));
    assertThat(usageError("scan", "--earliest", "-1h", "--latest", "-2h", "x"))
        .startsWith("tunnelwatch scan: --earliest must be before --latest but was ");
  }

  @Test
  void optionsThatDoNothingForTheOutput_areUsageErrorsNamingOptionAndOutput() {
    assertThat(usageError("scan", "--raw-csv", "x")).isEqualTo(scanError("--raw-csv applies to -o csv, not to -o table"));
    assertThat(usageError("scan", "-o", "jsonl", "--columns", "dest", "x"))
        .isEqualTo(scanError("--columns applies to -o table and -o csv, not to -o jsonl"));
    assertThat(usageError("scan", "--hec-index", "main", "-o", "jsonl", "x"))
        .isEqualTo(scanError("--hec-index applies to -o hec and --risk-output hec, not to -o jsonl without --risk"));
    assertThat(usageError("scan", "--hec-index", "main", "--risk", "r.jsonl", "x")).isEqualTo(scanError(
        "--hec-index applies to -o hec and --risk-output hec, not to -o table with --risk-output jsonl"));
    assertThat(usageError("scan", "--risk-output", "hec", "x"))
        .isEqualTo(scanError("--risk-output applies to --risk FILE, not to a scan without --risk FILE"));
    assertThat(usageError("scan", "--max-clock-skew", "1m", "x"))
        .isEqualTo(scanError("--max-clock-skew applies to --schedule, not to a scan without --schedule"));
    String annotate = "--annotate applies to rows that show its columns (-o jsonl, hec or csv, or --columns naming"
        + " one) and --risk, not to ";
    assertThat(usageError("scan", "--annotate", "x")).isEqualTo(scanError(annotate + "-o table without --risk"));
    assertThat(usageError("scan", "--annotate", "-o", "ocsf", "x")).isEqualTo(scanError(annotate + "-o ocsf without --risk"));
    assertThat(usageError("scan", "--annotate", "-o", "csv", "--columns", "dest,user", "x"))
        .isEqualTo(scanError(annotate + "-o csv --columns dest,user without --risk"));
    assertThat(usageError("scan", "-o", "ocsf", "--zone", "UTC", "x"))
        .isEqualTo(scanError("--zone applies to -o table, jsonl, csv or hec, and --risk, not to -o ocsf without --risk"));
    assertThat(usageError("scan", "-o", "ocsf", "--time-format", "epoch", "x")).isEqualTo(scanError(
        "--time-format applies to -o table, jsonl, csv or hec, and --risk, not to -o ocsf without --risk"));
  }

  @Test
  void optionsWhereTheyApply_areAccepted() throws UsageException {
    scan("scan", "-o", "csv", "--raw-csv", "x");
    scan("scan", "--hec-index", "main", "-o", "hec", "x");
    scan("scan", "--hec-index", "main", "--risk", "r", "--risk-output", "hec", "x");
    scan("scan", "--schedule", "--max-clock-skew", "1m", "x");
    scan("scan", "--annotate", "--columns", "dest,matched_by", "x");
    scan("scan", "--annotate", "-o", "ocsf", "--risk", "r", "x");
    scan("scan", "--annotate", "-o", "csv", "x");
    scan("scan", "--annotate", "-o", "jsonl", "x");
    scan("scan", "--annotate", "-o", "hec", "x");
    scan("scan", "-o", "ocsf", "--zone", "UTC", "--time-format", "epoch", "--risk", "r", "x");
  }

  @Test
  void everyScopedOption_isRefusedSomewhere() {
    // A scope that holds everywhere would be a table entry that checks nothing.
    for (CliOption o : CliOption.values()) {
      CliOption.Scope scope = o.scope;
      if (scope != null) {
        ScanCommand plain = new ScanCommand(new ByteArrayInputStream(new byte[0]), false);
        plain.output = OutputFormat.OCSF;
        assertThat(scope.refusal(o, plain)).as(o.longName).startsWith(o.longName + " applies to ");
      }
    }
  }
}
