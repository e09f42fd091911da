package io.tunnelwatch.winevent.internal;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.winevent.spi.WinEventFormat;

/**
 * Not API: reads XmlWinEventLog lines for one {@link WinEventFormat}. Not thread-safe.
 */
public final class XmlLineParser implements LineParser {
  private final WinEventFormat format;
  // Aalto, by class (never discovered): less JIT work and faster parsing than the JDK's reader
  // (BENCHMARKS.md); WinEventParser turns DTDs and external entities off on it.
  private final WinEventParser xml = new WinEventParser(InputFactoryImpl::new);

  /** A parser for {@code format}'s lines. */
  public XmlLineParser(WinEventFormat format) {
    this.format = format;
  }

  @Override
  public LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin) {
    try {
      return format.read(xml.parse(line, offset, length), origin);
    } catch (WinEventException e) {
      return LineOutcome.reject(e.field(), e.reason());
    }
  }

  /** The class name of the StAX implementation this parser reads with. */
  String implementation() {
    return xml.implementation();
  }
}
