// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.winevent.WinEvent;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Each of the 251 lines of {@code corpus/hayabusa/*.splunk.xml} (Windows/Splunk XML renderings of
 * Sysmon 1 and 4688 records, see SOURCES.md) equals the record at its {@code (source_evtx,
 * record_num)} in {@code index.tsv}: the System values and the EventData pairs. The renderings'
 * SystemTime comes from python-evtx, which kept 6 fraction digits (the 7th is always 0) computed
 * through a double; there the times must agree within python's rounding, while ours keep the
 * 100 ns digit (checked exactly against evtxexport by {@link EvtxCorpusTest}).
 */
final class EvtxSplunkRenderingTest {
  /** The fields a line gives, parsed with the JDK's StAX. */
  private record Expected(
      @Nullable String provider,
      @Nullable String eventId,
      @Nullable String version,
      @Nullable String systemTime,
      @Nullable String computer,
      @Nullable String userId,
      List<String> data) {}

  @Test
  void everyLine_equalsItsRecord() throws IOException, XMLStreamException {
    Path root = EvtxCorpus.requireRoot();
    Path hayabusa = root.resolve("hayabusa");
    List<String> index = Files.readAllLines(hayabusa.resolve("index.tsv"), StandardCharsets.UTF_8);
    Map<String, EvtxCorpus.Read> reads = new HashMap<>();
    Map<String, List<String>> lines = new HashMap<>();
    int checked = 0;
    int sevenDigit = 0;
    for (String row : index.subList(1, index.size())) {
      String[] f = row.split("\t");
      String file = f[0].replace("{pyevtx,splunk}", "splunk");
      int lineNo = Integer.parseInt(f[1]);
      String source = f[2];
      long recordNum = Long.parseLong(f[3]);
      List<String> fileLines = lines.computeIfAbsent(file, k -> readLines(hayabusa.resolve(k)));
      Expected want = parse(fileLines.get(lineNo - 1));
      EvtxCorpus.Read read = reads.computeIfAbsent(source,
          s -> EvtxCorpus.read(root.resolve("evtx").resolve(s)));
      String where = file + ":" + lineNo + " = " + source + "#" + recordNum;
      assertThat(read.events).as(where).containsKey(recordNum);
      WinEvent got = Objects.requireNonNull(read.events.get(recordNum));
      assertThat(got.provider()).as(where).isEqualTo(want.provider());
      assertThat(got.eventId()).as(where).isEqualTo(want.eventId());
      assertThat(got.version()).as(where).isEqualTo(want.version());
      assertThat(got.computer()).as(where).isEqualTo(want.computer());
      assertThat(got.userId()).as(where).isEqualTo(want.userId());
      String time = Objects.requireNonNull(got.systemTime(), where);
      String wantTime = Objects.requireNonNull(want.systemTime(), where);
      assertThat(time).as(where).isNotNull().hasSize(28).endsWith("Z");
      assertThat(wantTime).as(where).isNotNull().hasSize(28).endsWith("0Z");
      // python-evtx turned the FILETIME into a double (ulp 1.6 us there), so it can be 2 us off;
      // EvtxCorpusTest checks the exact 100 ns value against evtxexport.
      long nanos = Duration.between(Instant.parse(wantTime), Instant.parse(time)).toNanos();
      assertThat(nanos).as(where + " " + time + " vs " + wantTime).isBetween(-4_000L, 4_000L);
      if (time.charAt(26) != '0') {
        sevenDigit++;
      }
      List<String> data = new ArrayList<>();
      for (int i = 0; i < got.dataCount(); i++) {
        data.add(got.dataName(i) + "=" + got.dataValue(i));
      }
      assertThat(data).as(where).containsExactlyElementsOf(want.data());
      checked++;
    }
    assertThat(checked).isEqualTo(251);
    // Proof that the 100 ns digit is kept, not zero-filled like the rendering's.
    assertThat(sevenDigit).isGreaterThan(100);
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Expected parse(String line) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XMLStreamReader r = f.createXMLStreamReader(new StringReader(line));
    String provider = null;
    String eventId = null;
    String version = null;
    String systemTime = null;
    String computer = null;
    String userId = null;
    List<String> data = new ArrayList<>();
    List<String> path = new ArrayList<>();
    while (r.hasNext()) {
      int t = r.next();
      if (t == XMLStreamConstants.START_ELEMENT) {
        String name = r.getLocalName();
        path.add(name);
        String at = String.join("/", path);
        switch (at) {
          case "Event/System/Provider" -> provider = r.getAttributeValue(null, "Name");
          case "Event/System/TimeCreated" -> systemTime = r.getAttributeValue(null, "SystemTime");
          case "Event/System/Security" -> userId = r.getAttributeValue(null, "UserID");
          case "Event/System/EventID", "Event/System/Version", "Event/System/Computer" -> {
            String text = r.getElementText();
            path.remove(path.size() - 1);
            switch (name) {
              case "EventID" -> eventId = text;
              case "Version" -> version = text;
              default -> computer = text;
            }
          }
          case "Event/EventData/Data" -> {
            String dataName = r.getAttributeValue(null, "Name");
            String text = r.getElementText();
            path.remove(path.size() - 1);
            data.add(dataName + "=" + text);
          }
          default -> {}
        }
      } else if (t == XMLStreamConstants.END_ELEMENT) {
        path.remove(path.size() - 1);
      }
    }
    return new Expected(provider, eventId, version, systemTime, computer, userId, data);
  }
}
