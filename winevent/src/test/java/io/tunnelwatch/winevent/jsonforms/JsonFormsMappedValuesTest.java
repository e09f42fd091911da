// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunnelwatch.winevent.WinEvent;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Every corpus event in every form keeps the values DESIGN section 3 reads, found where the form
 * puts them (read back with Jackson) and equal after DESIGN 4's canonical values (GUIDs braced
 * upper case, 4688 ids {@code 0x} lower case); a value the form loses by its Javadoc is absent, and
 * one that is missing in the XML (absent, empty or {@code -}) may be absent.
 */
final class JsonFormsMappedValuesTest {
  private static final ZoneId LOCAL = ZoneId.of("Europe/Paris");

  private static final List<String> SYSMON_FIELDS = List.of("CommandLine", "Image", "OriginalFileName",
      "ParentImage", "ParentCommandLine", "ProcessGuid", "ProcessId", "ParentProcessId", "ParentProcessGuid",
      "User", "Hashes", "IntegrityLevel", "CurrentDirectory", "Computer", "UserID");
  private static final List<String> SECURITY_FIELDS = List.of("NewProcessName", "NewProcessId", "ProcessId",
      "ParentProcessName", "MandatoryLabel", "TargetUserName", "SubjectUserName", "CommandLine", "Computer");

  /** Where a form puts a field: its value as text, or null when the rendering does not have it. */
  @FunctionalInterface
  private interface Locator {
    @Nullable String find(JsonNode json, String field, WinEvent e);
  }

  /** A form under test and the fields it loses by its Javadoc for an event. */
  private record Form(String name, Function<SourceEvent, String> render, Locator locator,
      Function<WinEvent, Set<String>> loses) {}

  private static final List<Form> FORMS = List.of(
      new Form("evtx_dump", e -> JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN), evtxDump("/Event"), e -> Set.of()),
      new Form("evtx_dump Hayabusa", e -> JsonForms.evtxDump(e, EvtxDumpStyle.HAYABUSA), evtxDump("/Event"),
          e -> Set.of()),
      new Form("evtx_dump qualifiers, null data",
          e -> JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN.withQualifiers(0).with(EvtxDumpStyle.EmptyData.NULL)),
          evtxDump("/Event"), e -> Set.of()),
      new Form("ECS raw", JsonForms::ecsRaw, JsonFormsMappedValuesTest::ecsRaw, e -> Set.of()),
      new Form("ECS ingested", JsonForms::ecsIngested, JsonFormsMappedValuesTest::ecsIngested,
          JsonFormsMappedValuesTest::ecsIngestedLoses),
      new Form("NXLog", e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.CLASSIC), JsonFormsMappedValuesTest::nxlog,
          e -> Set.of()),
      new Form("NXLog Logstash", e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.LOGSTASH),
          JsonFormsMappedValuesTest::nxlog, e -> Values.isSysmon(e) ? Set.of("ProcessId") : Set.of()),
      new Form("HELK", e -> JsonForms.helk(e, LOCAL), flat("Hostname"), e -> Set.of("UserID")),
      new Form("HELK untimestamped", e -> JsonForms.helk(e, LOCAL, HelkVariant.UNTIMESTAMPED), flat("Hostname"),
          e -> Set.of("UserID")),
      new Form("Sentinel", JsonForms::sentinel, flat("Computer"), e -> Set.of()));

  @Test
  void everyForm_keepsTheMappedValues_ofEveryCorpusEvent() {
    Path root = Corpus.requireRoot();
    List<SourceEvent> events = new ArrayList<>(Corpus.sysmon(root));
    events.addAll(Corpus.security4688(root));
    assertThat(events).hasSize(137 + 114);
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (Form form : FORMS) {
      for (int i = 0; i < events.size(); i++) {
        SourceEvent source = events.get(i);
        WinEvent e = source.event();
        if (form.name.equals("Sentinel") && Values.isSysmon(e)) {
          continue; // SecurityEvent rows hold Security events only
        }
        JsonNode json = Corpus.tree(form.render.apply(source));
        for (String field : Values.isSysmon(e) ? SYSMON_FIELDS : SECURITY_FIELDS) {
          String where = form.name + ", " + (Values.isSysmon(e) ? "Sysmon" : "4688") + " event " + i + ", " + field;
          String got = form.locator.find(json, field, e);
          String want = expected(e, field, form.name.equals("ECS ingested"));
          if (form.loses.apply(e).contains(field)) {
            softly.assertThat(got).as(where + " is lost by the form's Javadoc").isNull();
          } else if (want == null || want.isEmpty() || want.equals("-")) {
            softly.assertThat(got).as(where + " (missing in the XML)").isIn(null, "", "-", want);
          } else {
            softly.assertThat(got).as(where).isEqualTo(want);
          }
          checked++;
        }
      }
    }
    softly.assertAll();
    assertThat(checked).isGreaterThan(9 * (137 * 15 + 114 * 9));
  }

  /** The XML's value in DESIGN 4's canonical form; Hashes as the ECS reader rebuilds it for ECS. */
  private static @Nullable String expected(WinEvent e, String field, boolean ecsHashes) {
    String value = switch (field) {
      case "Computer" -> e.computer();
      case "UserID" -> e.userId();
      default -> e.data(field);
    };
    if (value == null) {
      return null;
    }
    if (field.equals("Hashes") && ecsHashes) {
      return canonicalHashes(value);
    }
    return Values.bracedUpper(value);
  }

  private static @Nullable String text(JsonNode json, String pointer) {
    JsonNode n = json.at(pointer);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static @Nullable String guid(@Nullable String value) {
    return value == null ? null : Values.bracedUpper(value);
  }

  private static Locator evtxDump(String event) {
    return (json, field, e) -> switch (field) {
      case "Computer" -> text(json, event + "/System/Computer");
      case "UserID" -> {
        String nested = text(json, event + "/System/Security/#attributes/UserID");
        yield nested != null ? nested : text(json, event + "/System/Security_attributes/UserID");
      }
      default -> guid(text(json, event + "/EventData/" + field));
    };
  }

  private static @Nullable String ecsRaw(JsonNode json, String field, WinEvent e) {
    return switch (field) {
      case "Computer" -> text(json, "/winlog/computer_name");
      case "UserID" -> text(json, "/winlog/user/identifier");
      default -> guid(text(json, "/winlog/event_data/" + field));
    };
  }

  /** Where DESIGN 4.3 reads the ingested form. */
  private static @Nullable String ecsIngested(JsonNode json, String field, WinEvent e) {
    boolean sysmon = Values.isSysmon(e);
    return switch (field) {
      case "Computer" -> text(json, "/winlog/computer_name");
      case "UserID" -> text(json, "/winlog/user/identifier");
      case "CommandLine" -> text(json, "/process/command_line");
      case "Image", "NewProcessName" -> text(json, "/process/executable");
      case "OriginalFileName" -> text(json, "/process/pe/original_file_name");
      case "ParentImage", "ParentProcessName" -> text(json, "/process/parent/executable");
      case "ParentCommandLine" -> text(json, "/process/parent/command_line");
      case "ProcessGuid" -> guid(text(json, "/process/entity_id"));
      case "ParentProcessGuid" -> guid(text(json, "/process/parent/entity_id"));
      case "CurrentDirectory" -> text(json, "/process/working_directory");
      case "ProcessId" -> sysmon ? text(json, "/process/pid") : hex(text(json, "/process/parent/pid"));
      case "NewProcessId" -> hex(text(json, "/process/pid"));
      case "ParentProcessId" -> text(json, "/process/parent/pid");
      case "User" -> {
        String domain = text(json, "/user/domain");
        String name = text(json, "/user/name");
        yield domain == null || name == null ? null : domain + "\\" + name;
      }
      case "Hashes" -> ingestedHashes(json);
      default -> text(json, "/winlog/event_data/" + field);
    };
  }

  /** The pipeline drops all-zero GUIDs (DESIGN 4.3); the corpus has two ParentProcessGuids of zeros. */
  private static Set<String> ecsIngestedLoses(WinEvent e) {
    Set<String> lost = new TreeSet<>();
    for (String field : List.of("ProcessGuid", "ParentProcessGuid")) {
      String value = e.data(field);
      if (value != null && Values.isZeroGuid(value)) {
        lost.add(field);
      }
    }
    return lost;
  }

  private static @Nullable String hex(@Nullable String decimal) {
    return decimal == null ? null : "0x" + Long.toHexString(Long.parseLong(decimal));
  }

  /** DESIGN 4.3: {@code SHA1=…,MD5=…,SHA256=…,IMPHASH=…}, upper case, the algorithms present. */
  private static @Nullable String ingestedHashes(JsonNode json) {
    StringBuilder out = new StringBuilder();
    for (String alg : List.of("sha1", "md5", "sha256", "imphash")) {
      String v = text(json, alg.equals("imphash") ? "/process/pe/imphash" : "/process/hash/" + alg);
      if (v != null) {
        out.append(out.length() == 0 ? "" : ",").append(alg.toUpperCase(Locale.ROOT)).append('=')
            .append(v.toUpperCase(Locale.ROOT));
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  /** The XML's Hashes as the rebuilt value: the same order, all-zero hashes dropped. */
  private static String canonicalHashes(String hashes) {
    StringBuilder out = new StringBuilder();
    for (String alg : List.of("SHA1", "MD5", "SHA256", "IMPHASH")) {
      Matcher m = Pattern.compile("(?:^|,)" + alg + "=([0-9A-Fa-f]+)").matcher(hashes);
      if (m.find() && !m.group(1).matches("0+")) {
        out.append(out.length() == 0 ? "" : ",").append(alg).append('=').append(m.group(1).toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  private static Locator flat(String computerKey) {
    return (json, field, e) -> switch (field) {
      case "Computer" -> text(json, "/" + computerKey);
      default -> guid(text(json, "/" + field));
    };
  }

  /** NXLog: top-level keys; ProcessId, replaced by NXLog's ProcessID, is read from the Message. */
  private static @Nullable String nxlog(JsonNode json, String field, WinEvent e) {
    if (field.equals("Computer")) {
      return text(json, "/Hostname");
    }
    if (field.equals("ProcessId") && !json.has("ProcessId")) {
      String message = text(json, "/Message");
      if (message == null) {
        return null;
      }
      Matcher m = Pattern.compile(Values.isSysmon(e) ? "\r\nProcessId: ([^\r]*)\r\n" : "\tCreator Process ID:\t([^\r]*)\r\n")
          .matcher(message);
      return m.find() ? m.group(1) : null;
    }
    return guid(text(json, "/" + field));
  }
}
