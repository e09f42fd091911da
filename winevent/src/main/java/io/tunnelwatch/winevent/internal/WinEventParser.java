// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.winevent.WinEvent;
import java.io.CharArrayReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Not API: reads one XmlWinEventLog line (one {@code <Event>}, as Windows/Splunk or an exporter
 * renders it) with a StAX parser: the JDK's by default, or one the caller creates by class (the
 * Windows adapters pass Aalto's, so that core needs no XML library). Rejects invalid UTF-8, XML that
 * is not well-formed, any DOCTYPE (so no entity can be declared, expanded or fetched) and a root
 * other than {@code Event}.
 * Not thread-safe: one parser reads one stream.
 */
public final class WinEventParser {
  private static final String REUSE_INSTANCE = "reuse-instance";
  // Stax2's switches (Aalto, Woodstox): names need not be String.intern()ed, we compare with equals.
  private static final String INTERN_NAMES = "org.codehaus.stax2.internNames";
  private static final String INTERN_NS_URIS = "org.codehaus.stax2.internNsUris";

  /**
   * Characters read with one factory before it is replaced by a new one. A StAX factory keeps the
   * element and attribute names its readers met in a symbol table shared by its readers (Aalto's
   * grows without limit: a stream of lines with ever new names filled a 256 MB heap), so a factory
   * is only used for this many characters: the names it can hold are bounded by them.
   */
  static final int CHARS_PER_FACTORY = 1 << 20;

  private final Supplier<XMLInputFactory> factories;
  private XMLInputFactory factory;
  private long charsWithFactory;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final WinEvent.Builder event = WinEvent.builder();
  private char[] chars = new char[4096];

  /** A parser over the JDK's own StAX implementation. */
  public WinEventParser() {
    // The JDK's own implementation, not whatever a StAX provider on the class path would give.
    this(XMLInputFactory::newDefaultFactory);
  }

  /**
   * A parser over another StAX implementation, created by explicit class (the adapters' Aalto; the
   * benchmarks' Woodstox: see BENCHMARKS.md). DTDs and external entities are turned off as for the
   * JDK's, and a resolver that always fails is set. {@code factories} must return a new factory on
   * each call: the parser configures it in place and replaces it every {@link #CHARS_PER_FACTORY}
   * characters.
   */
  public WinEventParser(Supplier<XMLInputFactory> factories) {
    this.factories = factories;
    this.factory = configured(factories.get());
  }

  private static XMLInputFactory configured(XMLInputFactory factory) {
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
    if (factory.isPropertySupported(XMLConstants.ACCESS_EXTERNAL_DTD)) {
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    }
    if (factory.isPropertySupported(REUSE_INSTANCE)) {
      // The JDK's implementation-specific switch: reuse one reader for every line (reset, not
      // rebuilt) instead of allocating a reader with its buffers per line; 2-4 times the throughput.
      factory.setProperty(REUSE_INSTANCE, true);
    }
    for (String intern : List.of(INTERN_NAMES, INTERN_NS_URIS)) {
      if (factory.isPropertySupported(intern)) {
        factory.setProperty(intern, false);
      }
    }
    factory.setXMLResolver((publicId, systemId, base, namespace) -> {
      throw new XMLStreamException("external resources are not resolved");
    });
    return factory;
  }

  /** The class name of the StAX implementation this parser reads with. */
  public String implementation() {
    return factory.getClass().getName();
  }

  /**
   * Reads the line {@code line[offset, offset + length)} (UTF-8).
   *
   * @return the event's values
   * @throws WinEventException when the line is not a well-formed {@code <Event>} in UTF-8
   */
  public WinEvent parse(byte[] line, int offset, int length) throws WinEventException {
    int n = decode(line, offset, length);
    charsWithFactory += n;
    if (charsWithFactory > CHARS_PER_FACTORY) {
      factory = configured(factories.get());
      charsWithFactory = n;
    }
    event.clear();
    Cursor cursor = new Cursor();
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new CharArrayReader(chars, 0, n));
      read(r, cursor);
    } catch (XMLStreamException e) {
      throw new WinEventException(cursor.field, "not well-formed XML" + where(e.getLocation()));
    } catch (RuntimeException e) {
      // The JDK's reader reports some malformed input unchecked (e.g. NoSuchElementException).
      throw new WinEventException(cursor.field, "not well-formed XML (" + e.getClass().getSimpleName() + ")");
    } finally {
      close(r);
    }
    return event.build();
  }

  /** The field being read when an error occurs, for the rejection. */
  private static final class Cursor {
    @Nullable String field;
  }

  private void read(XMLStreamReader r, Cursor cursor) throws XMLStreamException, WinEventException {
    int depth = 0;
    boolean system = false;
    boolean eventData = false;
    boolean root = false;
    while (r.hasNext()) {
      int type = r.next();
      if (type == XMLStreamConstants.START_ELEMENT) {
        depth++;
        String local = r.getLocalName();
        if (depth == 1) {
          if (!local.equals("Event")) {
            throw new WinEventException(null, "the root element is not Event");
          }
          root = true;
        } else if (depth == 2) {
          system = local.equals("System");
          eventData = local.equals("EventData");
        } else if (depth == 3 && system) {
          if (system(r, local, cursor)) {
            depth--; // the element's text was read up to and including its end tag
          }
        } else if (depth == 3 && eventData && local.equals("Data")) {
          String name = r.getAttributeValue(null, "Name");
          if (name != null) {
            cursor.field = name;
            String value = r.getElementText();
            cursor.field = null;
            depth--;
            event.addData(name, value);
          }
        }
      } else if (type == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (type == XMLStreamConstants.DTD) {
        throw new WinEventException(null, "a DOCTYPE is not allowed in an event");
      } else if (type == XMLStreamConstants.ENTITY_REFERENCE) {
        throw new WinEventException(null, "an entity reference is not allowed in an event");
      }
    }
    if (!root) {
      throw new WinEventException(null, "no Event element");
    }
  }

  /** Reads a {@code System} child; true when its text (and end tag) was consumed. */
  private boolean system(XMLStreamReader r, String local, Cursor cursor) throws XMLStreamException {
    switch (local) {
      case "Provider" -> {
        event.provider(r.getAttributeValue(null, "Name"));
        return false;
      }
      case "TimeCreated" -> {
        event.systemTime(r.getAttributeValue(null, "SystemTime"));
        return false;
      }
      case "Security" -> {
        event.userId(r.getAttributeValue(null, "UserID"));
        return false;
      }
      case "EventID" -> {
        cursor.field = local;
        event.eventId(r.getElementText());
      }
      case "Version" -> {
        cursor.field = local;
        event.version(r.getElementText());
      }
      case "Computer" -> {
        cursor.field = local;
        event.computer(r.getElementText());
      }
      default -> {
        return false;
      }
    }
    cursor.field = null;
    return true;
  }

  /** Decodes the line into {@link #chars}; returns the number of chars. */
  private int decode(byte[] line, int offset, int length) throws WinEventException {
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    ByteBuffer in = ByteBuffer.wrap(line, offset, length);
    CharBuffer out = CharBuffer.wrap(chars);
    decoder.reset();
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new WinEventException(null, "invalid UTF-8 at byte " + (in.position() - offset + 1));
    }
    return out.position();
  }

  private static String where(@Nullable Location location) {
    if (location == null || location.getColumnNumber() < 0) {
      return "";
    }
    return " near column " + location.getColumnNumber();
  }

  private static void close(@Nullable XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException e) {
        // Closing a reader over a char array releases nothing that could fail; nothing to report.
      }
    }
  }
}
