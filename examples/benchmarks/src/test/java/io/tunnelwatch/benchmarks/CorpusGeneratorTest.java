// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.benchmarks.CorpusGenerator.Kind;
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

final class CorpusGeneratorTest {
  private static List<String> lines(Kind kind, long seed, double rate, int n) {
    CorpusGenerator g = new CorpusGenerator(kind, seed, rate);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(g.next());
    }
    return out;
  }

  @Test
  void sameSeed_sameLines_otherSeed_otherLines() {
    for (Kind k : Kind.values()) {
      assertThat(lines(k, 3, 0.01, 200)).isEqualTo(lines(k, 3, 0.01, 200)).isNotEqualTo(lines(k, 4, 0.01, 200));
    }
  }

  @Test
  void matchRate_isTheShareOfDevtunnelLines() {
    for (Kind k : Kind.values()) {
      CorpusGenerator g = new CorpusGenerator(k, 1, 0.05);
      long withName = 0;
      for (int i = 0; i < 20_000; i++) {
        withName += g.next().toLowerCase(java.util.Locale.ROOT).contains("devtunnel") ? 1 : 0;
      }
      assertThat(withName).isEqualTo(g.matches());
      assertThat(g.matches()).isBetween(800L, 1200L);
    }
  }

  @Test
  void lines_haveTheRealEventsSizes() {
    assertThat(averageLength(Kind.SYSMON)).isBetween(1500, 2300);
    assertThat(averageLength(Kind.SECURITY_4688)).isBetween(900, 1500);
    assertThat(averageLength(Kind.CROWDSTRIKE)).isBetween(1200, 1700);
    assertThat(averageLength(Kind.EVTX_DUMP)).isBetween(1000, 1900);
    assertThat(averageLength(Kind.ECS)).isBetween(2500, 3800);
    assertThat(averageLength(Kind.ECS_RAW)).isBetween(2200, 3200);
    assertThat(averageLength(Kind.NXLOG)).isBetween(2000, 3000);
    assertThat(averageLength(Kind.HELK)).isBetween(1800, 2700);
    assertThat(averageLength(Kind.SENTINEL)).isBetween(1200, 2000);
  }

  /**
   * What the benchmarks count on: every line of every kind is read by the discovered formats
   * without a rejection, the devtunnel executions written are exactly the matching events, and the
   * prefilter passes over most lines without changing the report.
   */
  @Test
  void everyLine_isRead_andThePositivesAreTheMatches_withAndWithoutThePrefilter() throws IOException {
    int lines = 3000;
    for (Kind k : Kind.values()) {
      CorpusGenerator g = new CorpusGenerator(k, 11, 0.01);
      byte[] bytes = g.nextLines(lines);
      Detection d = Detection.builder().build();
      Read off = read(EventReader.builder().noPrefilter(), d, bytes);
      Read on = read(EventReader.builder().prefilterFor(d), d, bytes);
      assertThat(off.summary().lines() + off.summary().records()).as(k.id()).isEqualTo(lines);
      assertThat(off.summary().rejected()).as(k.id()).isZero();
      assertThat(off.report().matchedEvents()).as(k.id()).isEqualTo(g.matches()).isGreaterThan(10);
      assertThat(on.summary().rejected()).as(k.id()).isZero();
      assertThat(on.report().matchedEvents()).as(k.id()).isEqualTo(g.matches());
      assertThat(on.report().results()).as(k.id()).isEqualTo(off.report().results());
      assertThat(on.summary().prefiltered()).as(k.id()).isGreaterThan(lines / 2);
    }
  }

  private record Read(DetectionReport report, ReadSummary summary) {}

  private static Read read(EventReader.Builder b, Detection d, byte[] bytes) throws IOException {
    BatchDetection batch = d.batch();
    ReadSummary s = b.addDiscoveredFormats(CorpusGeneratorTest.class.getClassLoader()).build()
        .read(new ByteArrayInputStream(bytes), "generated", batch::accept);
    return new Read(batch.finish(), s);
  }

  private static int averageLength(Kind k) {
    return (int) lines(k, 1, 0.001, 2000).stream().mapToInt(String::length).average().orElseThrow();
  }

  @Test
  void xmlLines_areWellFormed_andJsonLinesAreObjects_withAidMasterLines() throws Exception {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    for (Kind k : List.of(Kind.SYSMON, Kind.SECURITY_4688)) {
      for (String line : lines(k, 9, 0.1, 300)) {
        XMLStreamReader r = f.createXMLStreamReader(new StringReader(line));
        while (r.hasNext()) {
          r.next();
        }
      }
    }
    ObjectMapper m = new ObjectMapper();
    int aidMaster = 0;
    for (String line : lines(Kind.CROWDSTRIKE, 9, 0.1, 3000)) {
      JsonNode n = m.readTree(line);
      assertThat(n.isObject()).isTrue();
      aidMaster += n.path("event_simpleName").asText().equals("AidMaster") ? 1 : 0;
    }
    assertThat(aidMaster).isPositive();
  }

  @Test
  void badArguments_areNamed() {
    assertThatThrownBy(() -> new CorpusGenerator(Kind.SYSMON, 1, 1.5)).hasMessageContaining("matchRate").hasMessageContaining("1.5");
    assertThatThrownBy(() -> Kind.parse("evtx")).hasMessageContaining("evtx");
  }

}
