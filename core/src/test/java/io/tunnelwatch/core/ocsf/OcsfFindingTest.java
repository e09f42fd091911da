// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.tck.OcsfSchema;
import io.tunnelwatch.core.tck.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeds.class)
final class OcsfFindingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OcsfFinding OCSF = OcsfFinding.forProduct("0.1.0-test");
  private static final Instant T = Instant.parse("2024-04-23T08:48:30.4493768Z");

  static DetectionResult row(Map<Field, String> values, @Nullable Window window) {
    ProcessEvent.Builder b = ProcessEvent.builder(T, new EventOrigin("test", "test", 1));
    values.forEach(b::set);
    return new DetectionResult(b.build().groupKey(), 3, T, T.plusSeconds(90), window, window != null,
        new EventOrigin("sysmon", "logs/sysmon.xml", 7), new EventOrigin("sysmon", "C:\\logs\\Sysmon.evtx", 48213));
  }

  /** A Sysmon row, a 4688 row (hex pids, no GUIDs), a CrowdStrike row (no parent command line), an empty one. */
  static List<DetectionResult> rows() {
    return List.of(
        row(Map.ofEntries(
            Map.entry(Field.PROCESS, "devtunnel.exe host -p 8080 --allow-anonymous"),
            Map.entry(Field.VENDOR_PRODUCT, "Microsoft Sysmon"),
            Map.entry(Field.USER_ID, "S-1-5-21-1-2-3-1001"),
            Map.entry(Field.PROCESS_HASH, "SHA1=AB,MD5=CD"),
            Map.entry(Field.PARENT_PROCESS_NAME, "cmd.exe"),
            Map.entry(Field.PARENT_PROCESS_EXEC, "cmd.exe"),
            Map.entry(Field.ACTION, "allowed"),
            Map.entry(Field.DEST, "ar-win-2.attackrange.local"),
            Map.entry(Field.PROCESS_CURRENT_DIRECTORY, "C:\\Users\\alice\\"),
            Map.entry(Field.PROCESS_PATH, "C:\\Tools\\devtunnel.exe"),
            Map.entry(Field.PROCESS_INTEGRITY_LEVEL, "high"),
            Map.entry(Field.ORIGINAL_FILE_NAME, "devtunnel.dll"),
            Map.entry(Field.PARENT_PROCESS, "\"C:\\Windows\\system32\\cmd.exe\" "),
            Map.entry(Field.PARENT_PROCESS_PATH, "C:\\Windows\\System32\\cmd.exe"),
            Map.entry(Field.PARENT_PROCESS_GUID, "{96128EA2-F212-5F7E-E400-000000007F01}"),
            Map.entry(Field.PARENT_PROCESS_ID, "4020"),
            Map.entry(Field.PROCESS_GUID, "{96128EA2-F212-5F7E-E500-000000007F01}"),
            Map.entry(Field.PROCESS_ID, "3972"),
            Map.entry(Field.USER, "alice"),
            Map.entry(Field.PROCESS_NAME, "devtunnel.exe")), null),
        row(Map.of(
            Field.PROCESS, "\"C:\\Tools\\devtunnel.exe\" user login -g",
            Field.VENDOR_PRODUCT, "Microsoft Windows",
            Field.PARENT_PROCESS_NAME, "powershell.exe",
            Field.DEST, "win-dc",
            Field.PROCESS_PATH, "C:\\Tools\\devtunnel.exe",
            Field.PROCESS_INTEGRITY_LEVEL, "medium_plus",
            Field.PARENT_PROCESS_ID, "0x1a2c",
            Field.PROCESS_ID, "0xf84",
            Field.USER, "bob",
            Field.PROCESS_NAME, "devtunnel.exe"), new Window(T.minusSeconds(600), T.plusSeconds(3000))),
        row(Map.of(
            Field.PROCESS, "devtunnel host",
            Field.VENDOR_PRODUCT, "CrowdStrike FDR",
            Field.USER_ID, "S-1-5-18",
            Field.PARENT_PROCESS_NAME, "explorer.exe",
            Field.PROCESS_INTEGRITY_LEVEL, "16384",
            Field.PARENT_PROCESS_ID, "99999999999",
            Field.PROCESS_ID, "12",
            Field.USER, "S-1-5-18",
            Field.PROCESS_NAME, "devtunnel.exe"), null),
        row(Map.of(Field.ORIGINAL_FILE_NAME, "devtunnel.dll"), null));
  }

  private static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.util.Optional<OcsfSchema> SCHEMA = OcsfSchema.find();

  private static OcsfSchema schema() {
    var s = SCHEMA;
    assumeTrue(s.isPresent(), "shared/ocsf-schema-1.8.0 not found above " + Path.of("").toAbsolutePath()
        + ": the schema is kept beside the repository, so this test is skipped");
    return s.orElseThrow();
  }

  @Test
  void everyFinding_isValidAgainstTheSchemaFiles() {
    OcsfSchema schema = schema();
    assertThat(schema.version()).isEqualTo(OcsfFinding.SCHEMA_VERSION);
    for (DetectionResult r : rows()) {
      assertThat(schema.validate(json(OCSF.toJson(r)), "detection_finding")).as(r.toString()).isEmpty();
    }
  }

  @Test
  void randomRows_areValidAgainstTheSchemaFiles() {
    OcsfSchema schema = schema();
    long seed = Seeds.take();
    Random random = new Random(seed);
    String[] values = {"", "-", "0x0", "0xFFFFFFFF", "4294967296", "12", "abc", "{96128EA2-F212-5F7E-E400-000000007F01}",
        "high", "medium_plus", "a\"b\\c\n\u0001", "C:\\x\\y.exe", "devtunnel.exe", "\uD83D\uDE00"};
    for (int i = 0; i < 150; i++) {
      java.util.EnumMap<Field, String> m = new java.util.EnumMap<>(Field.class);
      for (Field f : Field.values()) {
        m.put(f, values[random.nextInt(values.length)]);
      }
      DetectionResult r = row(m, random.nextBoolean() ? null : new Window(T, T.plus(Duration.ofHours(1))));
      assertThat(schema.validate(json(OCSF.toJson(r)), "detection_finding")).as("seed %d, row %s", seed, r).isEmpty();
    }
  }

  @Test
  void validator_rejectsWhatTheSchemaForbids() {
    OcsfSchema schema = schema();
    ObjectNode f = (ObjectNode) json(OCSF.toJson(rows().get(0)));
    ((ObjectNode) f.get("finding_info")).remove("uid");
    f.put("severity_id", 7);
    f.put("time", "2024-04-23T08:48:30Z");
    f.put("count", 5_000_000_000L);
    f.put("type_uid", 200402);
    f.put("tunnel", "x");
    f.putObject("cloud").put("provider", "AWS");
    ((ObjectNode) f.get("evidences").get(0).get("process")).put("pid", "3972");
    ((ObjectNode) f.get("evidences").get(0).get("process")).remove("pid");
    ((ObjectNode) f.get("evidences").get(0).get("process")).remove("uid");
    ((ObjectNode) f.get("observables").get(0)).put("type_id", 1000);
    ((ObjectNode) f.get("device")).remove("type_id");
    ((ObjectNode) f.get("unmapped")).putObject("anything").put("goes", 1);
    assertThat(schema.validate(f, "detection_finding")).containsExactlyInAnyOrder(
        "type_uid must be 200401 for this class but was 200402",
        "finding_info.uid is required but missing",
        "severity_id must be one of [0, 1, 2, 3, 4, 5, 6, 99] but was 7",
        "time must be timestamp_t but was STRING \"2024-04-23T08:48:30Z\"",
        "count must be integer_t but was NUMBER 5000000000",
        "tunnel is not an attribute of this object",
        "cloud is an attribute of profile cloud, which metadata.profiles does not name",
        "evidences[0].process. needs at least one of [\"pid\",\"uid\",\"cpid\"]",
        "observables[0].type_id must be one of " + enumOf(schema) + " but was 1000",
        "device.type_id is required but missing");
  }

  private static String enumOf(OcsfSchema schema) {
    ObjectNode f = (ObjectNode) json(OCSF.toJson(rows().get(0)));
    ((ObjectNode) f.get("observables").get(0)).put("type_id", 1000);
    String p = schema.validate(f, "detection_finding").get(0);
    return p.substring("observables[0].type_id must be one of ".length(), p.indexOf(" but was"));
  }

  @Test
  void finding_carriesTheRowInOcsfTerms() {
    JsonNode f = json(OCSF.toJson(rows().get(0)));
    assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(f.get("type_uid").asLong()).isEqualTo(200401);
    assertThat(f.get("time").asLong()).isEqualTo(T.plusSeconds(90).toEpochMilli());
    assertThat(f.get("start_time").asLong()).isEqualTo(T.toEpochMilli());
    assertThat(f.get("count").asLong()).isEqualTo(3);
    assertThat(f.get("risk_score").asInt()).as("host --allow-anonymous").isEqualTo(50);
    assertThat(f.get("severity_id").asInt()).isEqualTo(3);
    assertThat(f.at("/finding_info/desc").asText()).startsWith("Detects the execution of Microsoft devtunnels.exe.")
        .endsWith(" devtunnel host: port 8080; anonymous access allowed. Matched by process_name=devtunnel.exe and"
            + " original_file_name=devtunnel.dll.");
    assertThat(f.at("/evidences/0/data/devtunnel/ports/0").asInt()).isEqualTo(8080);
    assertThat(f.at("/evidences/0/data/devtunnel/anonymous").asBoolean()).isTrue();
    assertThat(f.at("/evidences/0/data/matched_by").asText()).isEqualTo("both");
    assertThat(f.at("/evidences/0/data/first_event/source").asText()).isEqualTo("logs/sysmon.xml");
    assertThat(f.at("/evidences/0/data/first_event/line").asLong()).isEqualTo(7);
    assertThat(f.at("/evidences/0/data/last_event/source").asText()).isEqualTo("C:\\logs\\Sysmon.evtx");
    assertThat(f.at("/evidences/0/data/last_event/line").asLong()).isEqualTo(48213);
    assertThat(f.at("/evidences/0/data/last_event/format").asText()).isEqualTo("sysmon");
    assertThat(f.at("/metadata/product/version").asText()).isEqualTo("0.1.0-test");
    assertThat(f.at("/finding_info/title").asText()).isEqualTo("Windows Devtunnels Execution");
    assertThat(f.at("/finding_info/analytic/uid").asText()).isEqualTo("ESCU - Windows Devtunnels Execution - Rule");
    assertThat(f.at("/finding_info/attacks/0/technique/uid").asText()).isEqualTo("T1090");
    assertThat(f.at("/finding_info/attacks/0/tactic/uid").asText()).isEqualTo("TA0011");
    assertThat(f.at("/device/hostname").asText()).isEqualTo("ar-win-2.attackrange.local");
    JsonNode p = f.at("/evidences/0/process");
    assertThat(p.get("pid").isInt()).isTrue();
    assertThat(p.get("pid").asInt()).isEqualTo(3972);
    assertThat(p.at("/parent_process/pid").asInt()).isEqualTo(4020);
    assertThat(p.at("/parent_process/name").asText()).isEqualTo("cmd.exe");
    assertThat(p.at("/user/name").asText()).isEqualTo("alice");
    assertThat(p.at("/user/uid").asText()).isEqualTo("S-1-5-21-1-2-3-1001");
    assertThat(p.get("integrity_id").asInt()).isEqualTo(4);
    assertThat(f.get("observables")).extracting(o -> o.get("value").asText())
        .containsExactly("ar-win-2.attackrange.local", "alice", "cmd.exe");
    assertThat(f.at("/unmapped/original_file_name").asText()).isEqualTo("devtunnel.dll");
    assertThat(f.at("/unmapped/vendor_product").asText()).isEqualTo("Microsoft Sysmon");
  }

  @Test
  void login_keepsTheDetectionsScore_andNamesTheProvider() {
    JsonNode f = json(OCSF.toJson(rows().get(1)));
    assertThat(f.get("risk_score").asInt()).isEqualTo(20);
    assertThat(f.get("severity_id").asInt()).isEqualTo(2);
    assertThat(f.at("/evidences/0/data/devtunnel/login_provider").asText()).isEqualTo("github");
    assertThat(f.at("/evidences/0/data/matched_by").asText()).isEqualTo("process_name");
  }

  @Test
  void hexPids_becomeIntegers_andIdsNoIntegerHolds_stayUnmapped() {
    JsonNode win = json(OCSF.toJson(rows().get(1)));
    assertThat(win.at("/evidences/0/process/pid").asInt()).isEqualTo(0xf84);
    assertThat(win.at("/evidences/0/process/parent_process/pid").asInt()).isEqualTo(0x1a2c);
    assertThat(win.at("/unmapped/window_start").asText()).isEqualTo("2024-04-23T08:38:30.4493768Z");
    JsonNode cs = json(OCSF.toJson(rows().get(2)));
    assertThat(cs.at("/evidences/0/process").has("parent_process")).as("99999999999 is no 32-bit pid").isFalse();
    assertThat(cs.at("/unmapped/parent_process_id").asText()).isEqualTo("99999999999");
    assertThat(cs.has("device")).as("dest unknown").isFalse();
  }

  @Test
  void missingValues_areLeftOut_notWrittenAsUnknown() {
    JsonNode f = json(OCSF.toJson(rows().get(3)));
    assertThat(f.has("device")).isFalse();
    assertThat(f.at("/evidences/0").has("process")).isFalse();
    assertThat(f.at("/evidences/0").has("device")).isFalse();
    assertThat(f.at("/evidences/0/data/matched_by").asText()).as("a renamed binary").isEqualTo("original_file_name");
    assertThat(f.at("/finding_info/desc").asText()).endsWith("Matched by original_file_name=devtunnel.dll alone: a"
        + " renamed binary, running as unknown.");
    assertThat(f.has("observables")).isFalse();
    assertThat(f.toString()).doesNotContain("\"hostname\":\"unknown\"");
  }

  @Test
  void originsNotKnown_areLeftOut_andTheFindingIsStillValid() {
    DetectionResult known = rows().get(0);
    DetectionResult r = new DetectionResult(known.group(), 1, T, T, null, false);
    JsonNode f = json(OCSF.toJson(r));
    assertThat(f.at("/evidences/0/data").has("first_event")).isFalse();
    assertThat(f.at("/evidences/0/data").has("last_event")).isFalse();
    assertThat(schema().validate(f, "detection_finding")).isEmpty();
  }

  @Test
  void uid_isStable_andDiffersBetweenGroups() {
    List<String> uids = new ArrayList<>();
    for (DetectionResult r : rows()) {
      uids.add(json(OCSF.toJson(r)).at("/finding_info/uid").asText());
    }
    assertThat(uids).doesNotHaveDuplicates().allMatch(u -> u.matches("[0-9a-f]{64}"));
    assertThat(OcsfFinding.uid(rows().get(0))).isEqualTo(uids.get(0));
    // Pinned: a change of the hash would make every consumer see new findings.
    assertThat(OcsfFinding.uid(rows().get(3))).isEqualTo(PINNED_EMPTY_UID);
  }

  private static final String PINNED_EMPTY_UID = "f0bf2a7457aceaf75c2494f48a847b395b490788aec93abac57d884a78a8dc42";

  @Test
  void forProduct_refusesABlankVersion() {
    assertThatThrownBy(() -> OcsfFinding.forProduct(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("productVersion must not be blank but was ' '");
  }

  @Test
  void write_appendsOneLine() throws IOException {
    StringBuilder b = new StringBuilder();
    OCSF.write(rows().get(0), b);
    assertThat(b.toString()).endsWith("}\n").doesNotContain("\n{");
  }
}
