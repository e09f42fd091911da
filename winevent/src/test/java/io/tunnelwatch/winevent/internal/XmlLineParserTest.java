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

  /** A format that skips every event it maps, naming the value it saw. */
  private static final class Named extends WinEventFormat {
    Named(String eventId) {
      super("named", "P", eventId);
    }

    @Override
    protected LineOutcome map(WinEvent event, EventOrigin origin) {
      return LineOutcome.skip("mapped " + event.data("A"));
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
    assertThat(parse("4688", LINE)).isEqualTo(LineOutcome.skip("mapped a"));
    assertThat(parse("1", LINE)).isEqualTo(LineOutcome.skip("event 4688 of P is out of scope"));
    assertThat(parse("4688", LINE.replace("'P'", "'Q'"))).isEqualTo(LineOutcome.skip("provider Q is out of scope"));
    assertThat(parse("4688", LINE.replace(">4688<", ">x<"))).isEqualTo(LineOutcome.reject("EventID", "not a number"));
    assertThat(parse("4688", LINE.substring(0, LINE.length() - 1))).isInstanceOf(LineOutcome.Rejected.class);
  }
}
