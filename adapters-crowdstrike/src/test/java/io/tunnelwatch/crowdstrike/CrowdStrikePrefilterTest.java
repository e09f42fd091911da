// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's prefilter with FDR lines: host names are still learned, devtunnel is still read. */
final class CrowdStrikePrefilterTest {
  private static final String AID = "877761efa8db44d792ddc2redacted";

  private static String devtunnel(String line) {
    return line.replaceFirst("\"ImageFileName\":\"[^\"]*\"",
        "\"ImageFileName\":\"\\\\\\\\Device\\\\\\\\HarddiskVolume2\\\\\\\\Users\\\\\\\\x\\\\\\\\DevTunnel.exe\"");
  }

  private static List<ProcessEvent> read(EventReader reader, List<ReadSummary> summary, String... lines) {
    List<ProcessEvent> events = new ArrayList<>();
    summary.add(Corpus.read(reader, "t", events, lines));
    return events;
  }

  @Test
  void hostLines_areParsed_andNonMatchingEventsPassedOver() {
    String match = devtunnel(Corpus.panther(1));
    List<ReadSummary> s = new ArrayList<>();
    List<ProcessEvent> events = read(EventReader.builder().addFormat(new CrowdStrikeFormat()).prefilterFor(Detection.builder().build()).build(), s,
        Corpus.panther(1), AgentHostsTest.aidMaster(AID, "WKS-7"), Corpus.panther(2),
        AgentHostsTest.managedAssets("other", "SRV"), match);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get(Field.PROCESS_NAME)).isEqualTo("DevTunnel.exe");
    assertThat(events.get(0).get(Field.DEST)).isEqualTo("WKS-7");
    assertThat(s.get(0).prefiltered()).isEqualTo(2);
    assertThat(s.get(0).skipped()).isEqualTo(4);
  }

  @Test
  void escapedHostLine_isStillParsed() {
    String escaped = AgentHostsTest.aidMaster(AID, "WKS-8").replace("AidMaster", "Aid\\u004daster");
    List<ReadSummary> s = new ArrayList<>();
    List<ProcessEvent> events = read(EventReader.builder().addFormat(new CrowdStrikeFormat()).prefilterFor(Detection.builder().build()).build(), s,
        escaped, devtunnel(Corpus.panther(1)));
    assertThat(events).extracting(e -> e.get(Field.DEST)).containsExactly("WKS-8");
    assertThat(s.get(0).prefiltered()).isZero();
  }

  @Test
  void mustParse_onlyHostLines_byTheirEventName() {
    CrowdStrikeFormat f = new CrowdStrikeFormat();
    for (String host : List.of(
        AgentHostsTest.aidMaster(AID, "H"),
        AgentHostsTest.managedAssets(AID, "H"),
        AgentHostsTest.aidMaster(AID, "H").replace("\"event_simpleName\":", "\"event_simpleName\" :\t"))) {
      byte[] b = host.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(f.mustParse(b, 0, b.length)).as(host).isTrue();
    }
    for (String other : List.of(Corpus.panther(1), Corpus.panther(2).replace("\"CommandLine\":\"", "\"CommandLine\":\"AidMaster\\\" "))) {
      byte[] b = other.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(f.mustParse(b, 0, b.length)).as(other).isFalse();
    }
  }

  @Test
  void sameEvents_thatMatch_withAndWithoutThePrefilter() {
    List<String> lines = new ArrayList<>(Corpus.lines(Corpus.PANTHER));
    lines.add(3, AgentHostsTest.aidMaster(AID, "WKS-9"));
    lines.add(devtunnel(Corpus.panther(1)));
    lines.add(devtunnel(Corpus.panther(4)).replace("DevTunnel.exe", "devtunnel.exe"));
    String[] all = lines.toArray(String[]::new);
    List<ReadSummary> s = new ArrayList<>();
    List<ProcessEvent> on = read(EventReader.builder().addFormat(new CrowdStrikeFormat()).prefilterFor(Detection.builder().build()).build(), s, all);
    List<ProcessEvent> off = read(Corpus.reader(), s, all);
    io.tunnelwatch.core.Detection d = io.tunnelwatch.core.Detection.builder().build();
    assertThat(d.evaluate(on).results()).isEqualTo(d.evaluate(off).results()).hasSize(2);
    assertThat(s.get(0).prefiltered()).isPositive();
  }
}
