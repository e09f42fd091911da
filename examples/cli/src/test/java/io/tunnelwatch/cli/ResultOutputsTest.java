// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.data;
import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.tck.OcsfSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o ocsf}, {@code -o hec}, {@code --risk-output hec}, {@code --time-format}: issue 14, items 1 to 3. */
final class ResultOutputsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Optional<OcsfSchema> SCHEMA = OcsfSchema.find();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  private static List<JsonNode> lines(String out) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : out.split("\n", -1)) {
      if (!l.isEmpty()) {
        try {
          nodes.add(MAPPER.readTree(l));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return nodes;
  }

  private static String all() {
    return CliRun.DATA.toString();
  }

  @Test
  void ocsf_oneValidFindingPerRow_ofEverySampleSource() {
    assumeTrue(SCHEMA.isPresent(), "shared/ocsf-schema-1.8.0 not found above " + Path.of("").toAbsolutePath()
        + ": the schema is kept beside the repository, so this test is skipped");
    CliRun rows = run("scan", "-o", "jsonl", all());
    CliRun ocsf = run("scan", "-o", "ocsf", all());
    assertThat(ocsf.status()).isZero();
    assertThat(ocsf.err()).isEqualTo(rows.err());
    List<JsonNode> findings = lines(ocsf.out());
    List<JsonNode> expected = lines(rows.out());
    assertThat(findings).hasSameSizeAs(expected).hasSizeGreaterThan(5);
    for (int i = 0; i < findings.size(); i++) {
      JsonNode f = findings.get(i);
      JsonNode row = expected.get(i);
      assertThat(SCHEMA.get().validate(f, "detection_finding")).as(f.toString()).isEmpty();
      assertThat(f.get("count").asLong()).isEqualTo(row.get("count").asLong());
      assertThat(f.at("/unmapped/vendor_product").asText()).isEqualTo(row.get("vendor_product").asText());
      assertThat(Instant.ofEpochMilli(f.get("start_time").asLong()).getEpochSecond())
          .isEqualTo(LocalDateTime.parse(row.get("firstTime").asText()).toEpochSecond(ZoneOffset.UTC));
    }
    assertThat(findings).extracting(f -> f.at("/metadata/product/version").asText())
        .containsOnly(TunnelwatchCommand.versionNumber());
  }

  @Test
  void ocsf_4688HexPids_areIntegers() {
    List<JsonNode> findings = lines(run("scan", "-o", "ocsf", data("constructed-devtunnel-4688.xml")).out());
    List<JsonNode> rows = lines(run("scan", "-o", "jsonl", data("constructed-devtunnel-4688.xml")).out());
    assertThat(findings).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String hex = rows.get(i).get("process_id").asText();
      assertThat(hex).startsWith("0x");
      JsonNode pid = findings.get(i).at("/evidences/0/process/pid");
      assertThat(pid.isInt()).isTrue();
      assertThat(pid.asLong()).isEqualTo(Long.parseLong(hex.substring(2), 16));
    }
  }

  @Test
  void hec_wrapsTheRowUnchanged_withTimeHostSourceAndSourcetype() {
    String input = data("constructed-devtunnel-sysmon.xml");
    List<JsonNode> rows = lines(run("scan", "-o", "jsonl", "--time-format", "rfc3339", input).out());
    CliRun r = run("scan", "-o", "hec", "--time-format", "rfc3339", input);
    assertThat(r.status()).isZero();
    List<JsonNode> envelopes = lines(r.out());
    assertThat(envelopes).hasSameSizeAs(rows).isNotEmpty();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode e = envelopes.get(i);
      assertThat(e.fieldNames()).toIterable().containsExactly("time", "host", "source", "sourcetype", "event");
      assertThat(e.get("event")).isEqualTo(rows.get(i));
      assertThat(e.get("host").asText()).isEqualTo(rows.get(i).get("dest").asText());
      assertThat(e.get("source").asText()).isEqualTo("tunnelwatch");
      assertThat(e.get("sourcetype").asText()).isEqualTo("tunnelwatch:detection");
      assertThat(e.get("time").isNumber()).isTrue();
      Instant last = Instant.parse(rows.get(i).get("lastTime").asText());
      assertThat(e.get("time").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(last.toEpochMilli()).movePointLeft(3));
    }
  }

  @Test
  void hecIndex_isAddedToRowAndRiskEnvelopes() throws IOException {
    Path risk = dir.resolve("risk.hec");
    CliRun r = run("scan", "-o", "hec", "--hec-index", "devtunnel_01", "--risk", risk.toString(), "--risk-output",
        "hec", data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isZero();
    assertThat(lines(r.out())).isNotEmpty().allSatisfy(e -> assertThat(e.get("index").asText()).isEqualTo("devtunnel_01"));
    List<JsonNode> risks = lines(Files.readString(risk, StandardCharsets.UTF_8));
    assertThat(risks).hasSize(lines(r.out()).size()).allSatisfy(e -> {
      assertThat(e.get("index").asText()).isEqualTo("devtunnel_01");
      assertThat(e.get("sourcetype").asText()).isEqualTo("tunnelwatch:risk");
      assertThat(e.get("host")).isEqualTo(e.at("/event/risk_object"));
      assertThat(e.at("/event/risk_score").asInt()).isEqualTo(20);
      assertThat(e.at("/event/_time").isNumber()).isTrue();
      assertThat(e.get("time").decimalValue().longValue()).isEqualTo(e.at("/event/_time").decimalValue().longValue());
    });
  }

  @Test
  void riskEvents_carryTime_inTheDefaultJsonl() throws IOException {
    Path risk = dir.resolve("risk.jsonl");
    assertThat(run("scan", "--risk", risk.toString(), data("constructed-devtunnel-sysmon.xml")).status()).isZero();
    List<JsonNode> risks = lines(Files.readString(risk, StandardCharsets.UTF_8));
    assertThat(risks).isNotEmpty().allSatisfy(e -> {
      assertThat(e.fieldNames().next()).isEqualTo("risk_object");
      assertThat(e.get("_time").isNumber()).isTrue();
      assertThat(e.get("lastTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    });
  }

  @Test
  void timeFormat_rfc3339HasTheZonesOffset_epochIsANumber_keysUnchanged() {
    String input = data("constructed-devtunnel-4688.xml");
    JsonNode splunk = lines(run("scan", "-o", "jsonl", "--zone", "+02:00", input).out()).get(0);
    JsonNode rfc = lines(run("scan", "-o", "jsonl", "--zone", "+02:00", "--time-format", "rfc3339", input).out()).get(0);
    JsonNode epoch = lines(run("scan", "-o", "jsonl", "--time-format=epoch", input).out()).get(0);
    assertThat(splunk.get("firstTime").asText()).isEqualTo("2024-04-23T10:55:12");
    assertThat(rfc.get("firstTime").asText()).startsWith("2024-04-23T10:55:12").endsWith("+02:00");
    assertThat(epoch.get("firstTime").isNumber()).isTrue();
    assertThat(Instant.parse(rfc.get("firstTime").asText().replace("+02:00", "Z")).minusSeconds(7200).getEpochSecond())
        .isEqualTo(epoch.get("firstTime").decimalValue().longValue());
    assertThat(rfc.fieldNames()).toIterable().containsExactlyElementsOf(splunk::fieldNames);
    assertThat(epoch.fieldNames()).toIterable().containsExactlyElementsOf(splunk::fieldNames);
  }

  @Test
  void timeFormat_appliesToWindowTimes() {
    JsonNode row = lines(run("scan", "-o", "jsonl", "--schedule", "--time-format", "rfc3339",
        data("constructed-devtunnel-4688.xml")).out()).get(0);
    assertThat(row.get("window_start").asText()).endsWith("Z").contains(":50:00");
  }

  @Test
  void misusedOptions_areUsageErrorsNamingTheOption() {
    String input = data("constructed-devtunnel-4688.xml");
    assertThat(run("scan", "--hec-index", "main", input))
        .isEqualTo(new CliRun(2, "", "tunnelwatch scan: --hec-index applies to -o hec and --risk-output hec,"
            + " not to -o table without --risk (see 'tunnelwatch scan --help')\n"));
    assertThat(run("scan", "--risk-output", "hec", input))
        .isEqualTo(new CliRun(2, "", "tunnelwatch scan: --risk-output applies to --risk FILE, not to a scan without"
            + " --risk FILE (see 'tunnelwatch scan --help')\n"));
    assertThat(run("scan", "-o", "ocsf", "--columns", "dest", input))
        .isEqualTo(new CliRun(2, "", "tunnelwatch scan: --columns applies to -o table and -o csv, not to -o ocsf"
            + " (see 'tunnelwatch scan --help')\n"));
    assertThat(run("scan", "--time-format", "iso", input).err())
        .isEqualTo("tunnelwatch scan: Invalid value for option '--time-format': time format must be one of splunk,"
            + " rfc3339, epoch but was 'iso' (see 'tunnelwatch scan --help')\n");
    assertThat(run("scan", "--risk-output", "csv", input).err())
        .isEqualTo("tunnelwatch scan: Invalid value for option '--risk-output': expected one of jsonl, hec but was"
            + " 'csv' (see 'tunnelwatch scan --help')\n");
    assertThat(run("scan", "-o", "hec", "--hec-index", "Main", input).err())
        .isEqualTo("tunnelwatch scan: Invalid value for option '--hec-index': 'Main' is not a Splunk index name"
            + " (lower-case letters, digits, _ and -, not starting with -), such as main or risk"
            + " (see 'tunnelwatch scan --help')\n");
  }

  @Test
  void annotate_addsWhatTheCommandDid_andWhyItMatched_afterTheRowsOwnKeys() throws IOException {
    String input = data("constructed-devtunnel-sysmon.xml");
    List<JsonNode> plain = lines(run("scan", "-o", "jsonl", input).out());
    Path risk = dir.resolve("risk.jsonl");
    CliRun r = run("scan", "-o", "jsonl", "--annotate", "--risk", risk.toString(), input);
    assertThat(r.status()).isZero();
    List<JsonNode> rows = lines(r.out());
    assertThat(rows).hasSameSizeAs(plain).hasSize(3);
    List<String> keys = new ArrayList<>();
    plain.get(0).fieldNames().forEachRemaining(keys::add);
    keys.addAll(ScanCommand.ANNOTATION_COLUMNS);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      assertThat(row.fieldNames()).toIterable().containsExactlyElementsOf(keys);
      JsonNode before = plain.get(i);
      before.fieldNames().forEachRemaining(k -> assertThat(row.get(k)).isEqualTo(before.get(k)));
      assertThat(row.get("devtunnel_command").asText()).isEqualTo("host");
      assertThat(row.get("devtunnel_anonymous").asBoolean()).isTrue();
      assertThat(row.get("devtunnel_risk_score").asInt()).isEqualTo(50);
    }
    assertThat(rows).extracting(n -> n.get("devtunnel_ports").asText()).containsExactlyInAnyOrder("8080", "8080", "3389");
    assertThat(rows).extracting(n -> n.get("matched_by").asText())
        .as("the renamed msupdate.exe is caught by original_file_name alone")
        .containsExactlyInAnyOrder("both", "both", "original_file_name");
    assertThat(rows).allSatisfy(n -> {
      assertThat(n.get("first_event").asText()).as("file and line of the row's earliest event")
          .matches(java.util.regex.Pattern.quote(input) + ":[1-9][0-9]*");
      assertThat(n.get("last_event").asText()).startsWith(input + ":");
    });
    assertThat(rows).extracting(n -> n.get("first_event").asText()).doesNotHaveDuplicates();
    List<JsonNode> risks = lines(Files.readString(risk, StandardCharsets.UTF_8));
    assertThat(risks).hasSize(3).allSatisfy(e -> {
      assertThat(e.get("risk_score").asInt()).as("the Splunk risk event keeps 20").isEqualTo(20);
      assertThat(e.get("devtunnel_risk_score").asInt()).isEqualTo(50);
    });
  }

  @Test
  void annotate_inCsv_addsTheColumns_andLoginNamesItsProvider() {
    CliRun r = run("scan", "-o", "csv", "--annotate", data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isZero();
    String[] lines = r.out().split("\r\n");
    assertThat(lines[0]).endsWith(",devtunnel_command,devtunnel_tunnel,devtunnel_ports,devtunnel_anonymous,"
        + "devtunnel_login,devtunnel_risk_score,matched_by,first_event,last_event");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(",user login,,,false,github,20,process_name,"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(",host,,3389,false,,30,process_name,"));
    assertThat(run("scan", "-o", "csv", data("constructed-devtunnel-4688.xml")).out()).doesNotContain("devtunnel_");
  }
}
