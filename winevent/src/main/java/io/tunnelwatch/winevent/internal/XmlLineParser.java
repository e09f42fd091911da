package io.tunnelwatch.winevent.internal;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.winevent.internal.export.WrappedXml;
import io.tunnelwatch.winevent.internal.export.WrappedXmlException;
import io.tunnelwatch.winevent.spi.WinEventFormat;

/**
 * Not API: reads XmlWinEventLog lines for one {@link WinEventFormat}. Not thread-safe.
 */
public final class XmlLineParser implements LineParser {
  private final WinEventFormat format;
  // Aalto, by class (never discovered): less JIT work and faster parsing than the JDK's reader
  // (BENCHMARKS.md); WinEventParser turns DTDs and external entities off on it.
  private final WinEventParser xml = new WinEventParser(InputFactoryImpl::new);
  private final WrappedXml wrapped = new WrappedXml();

  /** A parser for {@code format}'s lines. */
  public XmlLineParser(WinEventFormat format) {
    this.format = format;
  }

  @Override
  public LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin) {
    try {
      if (first(line, offset, length) == '{') {
        byte[] unwrapped = wrapped.unwrap(line, offset, length);
        if (unwrapped == null) {
          return LineOutcome.reject(null, "JSON that wraps no Windows event XML");
        }
        return format.read(xml.parse(unwrapped, 0, unwrapped.length), origin);
      }
      return format.read(xml.parse(line, offset, length), origin);
    } catch (WinEventException e) {
      return LineOutcome.reject(e.field(), e.reason());
    } catch (WrappedXmlException e) {
      return LineOutcome.reject(e.field(), e.reason());
    }
  }

  /** The first byte that is not white space, or -1. */
  private static int first(byte[] line, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte c = line[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return c;
      }
    }
    return -1;
  }

  /** The class name of the StAX implementation this parser reads with. */
  String implementation() {
    return xml.implementation();
  }
}
