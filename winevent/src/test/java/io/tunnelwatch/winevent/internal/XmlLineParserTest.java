// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class XmlLineParserTest {
  private static final String LINE = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
      + "<Provider Name='P'/><EventID>4688</EventID><Computer>host</Computer></System>"
      + "<EventData><Data Name='A'>a</Data></EventData></Event>";

  /** A format that skips every event it maps, naming itself and the value it saw. */
  private static final class Named extends WinEventFormat {
    Named(String eventId) {
      this("named", "P", eventId);
    }

    Named(String id, String provider, String eventId) {
      super(id, provider, eventId);
    }

    @Override
    protected LineOutcome map(WinEvent event, EventOrigin origin) {
      return LineOutcome.skip(origin.format() + " mapped " + event.data("A"));
    }
  }

  private static LineOutcome parse(String eventId, String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return new Named(eventId).newParser().parse(b, 0, b.length, new EventOrigin("named", "t", 1));
  }

  /**
   * Every Windows format parses with Aalto, created by class: a StAX provider added to the class path
   * (the JDK's service lookup would pick it) cannot switch the parser the hostile-input tests vouch for.
   */
  @Test
  void parser_readsWithAaltoCreatedByClass() {
    assertThat(((XmlLineParser) new Named("4688").newParser()).implementation())
        .isEqualTo("com.fasterxml.aalto.stax.InputFactoryImpl");
  }

  @Test
  void parse_mapsOnlyTheFormatsProviderAndId() {
    assertThat(parse("4688", LINE)).isEqualTo(LineOutcome.skip("named mapped a"));
    assertThat(parse("1", LINE)).isEqualTo(LineOutcome.skip("event 4688 of P is out of scope"));
    assertThat(parse("4688", LINE.replace("'P'", "'Q'"))).isEqualTo(LineOutcome.skip("provider Q is out of scope"));
    assertThat(parse("4688", LINE.replace(">4688<", ">x<"))).isEqualTo(LineOutcome.reject("EventID", "not a number"));
    assertThat(parse("4688", LINE.substring(0, LINE.length() - 1))).isInstanceOf(LineOutcome.Rejected.class);
  }

  /**
   * Issue 12 (DESIGN 4.1): the reader routes by bytes, so a provider written with a character
   * reference, or elements with a namespace prefix, reach the first Windows format; once parsed, the
   * event goes to the format of its provider.
   */
  @Test
  void eventOfASiblingsProvider_asParsed_goesToThatFormat() {
    Named sysmonLike = new Named("first", "Microsoft-Windows-Sysmon", "1");
    Named securityLike = new Named("second", "Microsoft-Windows-Security-Auditing", "4688");
    var parser = sysmonLike.newParser(java.util.List.of(sysmonLike, securityLike));
    String referenced = LINE.replace("'P'", "'Microsoft-Windows-Security-Auditin&#103;'");
    String prefixed = "<e:Event xmlns:e='http://schemas.microsoft.com/win/2004/08/events/event'><e:System>"
        + "<e:Provider Name='Microsoft-Windows-Security-Auditing'/><e:EventID>4688</e:EventID></e:System>"
        + "<e:EventData><e:Data Name='A'>p</e:Data></e:EventData></e:Event>";
    for (String[] lineAndValue : new String[][] {{referenced, "a"}, {prefixed, "p"}}) {
      byte[] b = lineAndValue[0].getBytes(StandardCharsets.UTF_8);
      LineOutcome o = parser.parse(b, 0, b.length, new EventOrigin("first", "t", 1));
      assertThat(o).isEqualTo(LineOutcome.skip("second mapped " + lineAndValue[1]));
    }
    // a provider no format maps stays the routed format's skip
    byte[] other = LINE.replace("'P'", "'Q'").getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(other, 0, other.length, new EventOrigin("first", "t", 1)))
        .isEqualTo(LineOutcome.skip("provider Q is out of scope"));
  }

  @Test
  void reader_routesByTheParsedProvider() throws java.io.IOException {
    final class Mapping extends WinEventFormat {
      Mapping(String id, String provider, String eventId) {
        super(id, provider, eventId);
      }

      @Override
      protected LineOutcome map(WinEvent event, EventOrigin origin) {
        return LineOutcome.event(io.tunnelwatch.core.ProcessEvent.builder(java.time.Instant.EPOCH, origin).build());
      }
    }
    String line = LINE.replace("'P'", "'Microsoft-Windows-Security-Auditin&#103;'");
    var events = new java.util.ArrayList<io.tunnelwatch.core.ProcessEvent>();
    io.tunnelwatch.core.EventReader.builder()
        .addFormat(new Mapping("first", "Microsoft-Windows-Sysmon", "1"))
        .addFormat(new Mapping("second", "Microsoft-Windows-Security-Auditing", "4688"))
        .build().read(new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "t", events::add);
    assertThat(events).extracting(e -> e.origin().format()).containsExactly("second");
  }
}
