// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.data;
import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code scan --throttle} and {@code --coverage}: what the rows repeat, and what the data cannot show (issue 14). */
final class ScanFindingsTest {
  /** The summary's coverage line of each source (other tests that pin a summary use these). */
  static final String SYSMON_COVERAGE = "coverage     sysmon has every field of the detection\n";

  static final String SECURITY_COVERAGE = "coverage     winsecurity-4688 lacks user_id, process_hash, parent_process_exec,"
      + " process_current_directory, original_file_name, parent_process_guid, process_guid"
      + " (a renamed devtunnel.exe is invisible)\n";

  static final String FDR_COVERAGE = "coverage     crowdstrike-fdr lacks process_current_directory, original_file_name,"
      + " parent_process, parent_process_path, parent_process_guid, process_guid (a renamed devtunnel.exe is invisible)\n";

  @Test
  void throttle_suppressesARepeatOfDestAndProcessName_countedAndShown() {
    String input = data("constructed-devtunnel-sysmon.xml");
    CliRun plain = run("scan", "-o", "jsonl", input);
    assertThat(plain.out().lines()).hasSize(3);
    CliRun r = run("scan", "-o", "jsonl", "--throttle", "1h", "--show-suppressed", input);
    assertThat(r.status()).isZero();
    assertThat(r.out().lines()).hasSize(2).allSatisfy(l -> assertThat(plain.out()).contains(l));
    assertThat(r.err()).contains("suppressed by throttle: throttled: same dest, process_name as the row kept with"
        + " firstTime 2024-04-23T08:4");
    assertThat(r.err()).contains("\nrows         2\nsuppressed   1\n");
    assertThat(r.err()).contains("\nfilters      throttle\n");
  }

  @Test
  void throttleFields_chooseTheRepeat_andAShortDurationLetsBothThrough() {
    String input = data("constructed-devtunnel-sysmon.xml");
    assertThat(run("scan", "-o", "jsonl", "--throttle", "1d", "--throttle-fields", "dest", input).out().lines())
        .as("one host: every row after the first repeats it").hasSize(1);
    assertThat(run("scan", "-o", "jsonl", "--throttle", "1s", input).out().lines()).hasSize(3);
  }

  @Test
  void throttleOptions_badValues_areUsageErrorsNamingThem() {
    String input = data("constructed-devtunnel-sysmon.xml");
    CliRun fields = run("scan", "--throttle", "1h", "--throttle-fields", "dest,host", input);
    assertThat(fields.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(fields.err()).contains("--throttle-fields").contains("host");
    CliRun alone = run("scan", "--throttle-fields", "dest", input);
    assertThat(alone.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(alone.err()).contains("--throttle-fields applies to --throttle DURATION");
    assertThat(run("scan", "--throttle", "0s", input).status()).isEqualTo(ExitStatus.USAGE);
  }

  @Test
  void annotate_namesTheEvtxRecordOfTheFirstAndLastEvents() {
    String evtx = data("constructed-devtunnel.evtx");
    CliRun r = run("scan", "-o", "csv", "--annotate", "--columns", "count,first_event,last_event", evtx);
    assertThat(r.status()).isZero();
    java.util.List<String> lines = java.util.Arrays.asList(r.out().split("\r\n"));
    assertThat(lines.get(0)).isEqualTo("count,first_event,last_event");
    assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(l -> assertThat(l)
        .matches("1," + java.util.regex.Pattern.quote(evtx) + ":[0-9]+," + java.util.regex.Pattern.quote(evtx) + ":[0-9]+"));
    // Records 1 to 5 are the five constructed executions (examples/data/README.md), one row each.
    assertThat(lines.stream().skip(1).map(l -> l.substring(l.lastIndexOf(':') + 1)))
        .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
  }

  @Test
  void summary_saysPerSourceWhatItLacks() {
    CliRun r = run("scan", data("constructed-devtunnel-4688.xml"), data("constructed-devtunnel-crowdstrike.jsonl"),
        data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.err()).contains("(crowdstrike-fdr 1, sysmon 3, winsecurity-4688 2)\n" + FDR_COVERAGE + SYSMON_COVERAGE
        + SECURITY_COVERAGE + "skipped");
  }

  @Test
  void coverage_readsEveryLine_andSaysWhatEachGapHides() {
    // otrf-security-4688.jsonl.gz holds no devtunnel: the prefilter would pass over every line.
    CliRun r = run("scan", "--coverage", data("otrf-security-4688.jsonl.gz"));
    assertThat(r.status()).isZero();
    assertThat(r.err()).contains("coverage     winsecurity-4688 lacks ").contains("invisible):\n");
    assertThat(r.err()).contains("\n  original_file_name: the PE original file name: a renamed devtunnel.exe is"
        + " invisible, only process_name=devtunnel.exe can match\n");
    assertThat(r.err()).doesNotContain("passed over unparsed");
    assertThat(run("scan", data("otrf-security-4688.jsonl.gz")).err())
        .contains("coverage     no line could match; their sources are not known unparsed (--coverage reads every line)");
  }

  @Test
  void coverage_saysWhenTheInputHoldsNoInScopeSource() throws java.io.IOException {
    // Security events of another id (4689, process exit): recognised, read, and out of scope.
    String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of(data("constructed-devtunnel-4688.xml"))).get(0)
        .replace("<EventID>4688</EventID>", "<EventID>4689</EventID>");
    CliRun r = CliRun.withStdin((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), "scan", "--coverage", "-");
    assertThat(r.status()).isZero();
    assertThat(r.err()).contains("\ncoverage     no in-scope source: the input holds no Sysmon Event ID 1, Security 4688"
        + " or CrowdStrike process event, so nothing in it could match\n");
  }
}
