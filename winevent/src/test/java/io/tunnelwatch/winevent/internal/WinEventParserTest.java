// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.winevent.WinEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.stream.XMLInputFactory;
import org.junit.jupiter.api.Test;

final class WinEventParserTest {
  private static final String WINDOWS = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
      + "<Provider Name='P' Guid='{X}'/><EventID>4688</EventID><Version>2</Version>"
      + "<TimeCreated SystemTime='2024-04-23T08:48:30.4493768Z'/><Correlation/><Computer>host</Computer><Security/></System>"
      + "<EventData><Data Name='A'>a &amp; &lt;b&gt; &#174;</Data><Data Name='Skipped'>x</Data><Data Name='B'/>"
      + "<Data Name='A'>second</Data></EventData></Event>";
  private static final String EXPORTER = "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
      + "<Provider Name=\"P\" Guid=\"{x}\"></Provider><EventID Qualifiers=\"\">4688</EventID><Version>2</Version>"
      + "<TimeCreated SystemTime=\"2024-04-23 08:48:30.449376\"></TimeCreated><Computer>host</Computer>"
      + "<Security UserID=\"S-1-5-18\"></Security></System><EventData><Data Name=\"B\"></Data>"
      + "<Data Name=\"A\"><![CDATA[a & ]]>&lt;b&gt; ®</Data></EventData></Event>";

  private static WinEvent parse(WinEventParser p, String line) throws WinEventException {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return p.parse(b, 0, b.length);
  }

  @Test
  void parse_readsTheSystemValuesAndTheData_inBothRenderings() throws WinEventException {
    WinEventParser p = new WinEventParser();
    WinEvent w = parse(p, WINDOWS);
    assertThat(List.of(w.provider(), w.eventId(), w.version(), w.systemTime(), w.computer()))
        .containsExactly("P", "4688", "2", "2024-04-23T08:48:30.4493768Z", "host");
    assertThat(w.userId()).isNull();
    assertThat(w.data("A")).as("entities decoded, first of two wins").isEqualTo("a & <b> ®");
    assertThat(w.data("B")).isEmpty();
    assertThat(w.data("Absent")).isNull();
    assertThat(w.dataCount()).as("every pair, in order").isEqualTo(4);
    assertThat(List.of(w.dataName(1), w.dataValue(1), w.dataName(3), w.dataValue(3)))
        .containsExactly("Skipped", "x", "A", "second");
    WinEvent e = parse(p, EXPORTER);
    assertThat(e.userId()).isEqualTo("S-1-5-18");
    assertThat(e.systemTime()).isEqualTo("2024-04-23 08:48:30.449376");
    assertThat(e.data("A")).as("CDATA and text coalesced").isEqualTo("a & <b> ®");
    assertThat(e.data("B")).isEmpty();
    assertThat(e.data("Absent")).isNull();
  }

  @Test
  void parse_readsALineInsideALargerBuffer() throws WinEventException {
    byte[] line = WINDOWS.getBytes(StandardCharsets.UTF_8);
    byte[] buffer = new byte[line.length + 20];
    java.util.Arrays.fill(buffer, (byte) '<');
    System.arraycopy(line, 0, buffer, 10, line.length);
    assertThat(new WinEventParser().parse(buffer, 10, line.length).data("A")).isEqualTo("a & <b> ®");
  }

  @Test
  void parse_rejectsWithoutQuotingThePayload() {
    WinEventParser p = new WinEventParser();
    assertThatThrownBy(() -> parse(p, WINDOWS.replace("&amp;", "&secret;")))
        .isInstanceOf(WinEventException.class)
        .satisfies(x -> {
          WinEventException w = (WinEventException) x;
          assertThat(w.field()).isEqualTo("A");
          assertThat(w.reason()).startsWith("not well-formed XML").doesNotContain("secret");
        });
  }

  /**
   * A factory's symbol table keeps every name its readers met, so a factory reads at most
   * {@link WinEventParser#CHARS_PER_FACTORY} characters and the next line gets a new one.
   */
  @Test
  void factory_isReplacedOnceItsCharactersAreUsed_andTheNewOneParsesTheSame() throws WinEventException {
    AtomicInteger created = new AtomicInteger();
    WinEventParser p = new WinEventParser(() -> {
      created.incrementAndGet();
      return XMLInputFactory.newDefaultFactory();
    });
    int perFactory = WinEventParser.CHARS_PER_FACTORY / WINDOWS.length();
    for (int i = 0; i < perFactory; i++) {
      assertThat(parse(p, WINDOWS).data("A")).isEqualTo("a & <b> ®");
    }
    assertThat(created).hasValue(1);
    for (int i = 0; i < perFactory; i++) {
      assertThat(parse(p, WINDOWS).data("A")).isEqualTo("a & <b> ®");
    }
    assertThat(created).hasValue(2);
    assertThatThrownBy(() -> parse(p, "<!DOCTYPE Event>" + WINDOWS))
        .isInstanceOf(WinEventException.class)
        .hasMessageContaining("DOCTYPE");
  }
}
