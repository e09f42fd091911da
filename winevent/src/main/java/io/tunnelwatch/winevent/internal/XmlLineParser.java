// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.util.List;

/**
 * Not API: reads XmlWinEventLog lines for one {@link WinEventFormat}. The reader routes a line by a
 * look at its bytes; an event that turns out, once parsed, to be of another provider that one of
 * the reader's Windows formats maps (a provider name written with a character reference, elements
 * with a namespace prefix) is handed to that format, so routing rests on the parsed values (DESIGN
 * 4.1). Not thread-safe.
 */
public final class XmlLineParser implements LineParser {
  private final WinEventFormat format;
  private final WinEventDispatch siblings;
  // Aalto, by class (never discovered): less JIT work and faster parsing than the JDK's reader
  // (BENCHMARKS.md); WinEventParser turns DTDs and external entities off on it.
  private final WinEventParser xml = new WinEventParser(InputFactoryImpl::new);

  /** A parser for {@code format}'s lines, in a reader that has {@code readerFormats}. */
  public XmlLineParser(WinEventFormat format, List<EventFormat> readerFormats) {
    this.format = format;
    this.siblings = new WinEventDispatch(readerFormats);
  }

  @Override
  public LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin) {
    WinEvent event;
    try {
      event = xml.parse(line, offset, length);
    } catch (WinEventException e) {
      return LineOutcome.reject(e.field(), e.reason());
    }
    if (event.provider() != null && !format.provider().equals(event.provider())) {
      WinEventFormat other = siblings.formatOf(event.provider(), event.eventId());
      if (other != null) {
        return other.read(event, new EventOrigin(other.id(), origin.source(), origin.line()));
      }
    }
    return format.read(event, origin);
  }

  /** The class name of the StAX implementation this parser reads with. */
  String implementation() {
    return xml.implementation();
  }
}
