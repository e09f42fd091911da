// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Test tooling: the System values and EventData items of one event as a reader rendered it,
 * normalised so that the renderings of Windows, python-evtx and evtxexport compare equal.
 *
 * <p>The normalisations, each applied to input and output alike:
 *
 * <ol>
 *   <li>empty System values are dropped: python-evtx renders a null optional substitution as an
 *       empty attribute ({@code Qualifiers=""}, {@code UserID=""}) where Windows omits it;
 *   <li>braced GUIDs are upper-cased: python-evtx and evtxexport write them lower-case;
 *   <li>{@code 0x} hex values lose leading zeros: both tools pad HexInt64 and size_t to 16 digits
 *       ({@code 0x00000000000003e7}) where Windows writes {@code 0x3e7};
 *   <li>{@code SystemTime} becomes an instant truncated to microseconds: python-evtx writes
 *       {@code YYYY-MM-DD HH:MM:SS.ffffff} (no fraction when it is zero; UTC), evtxexport nine
 *       fraction digits, Windows seven; python-evtx keeps only six.
 * </ol>
 *
 * @param system the System values by key ({@code EventID}, {@code Provider@Name}), sorted
 * @param eventData the EventData items (Name, text) in order; a missing text is ""
 */
record RenderedEvent(Map<String, String> system, List<Map.Entry<String, String>> eventData) {

  private static final Pattern BRACED_GUID = Pattern.compile("\\{[0-9a-fA-F-]{36}}");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");
  private static final DateTimeFormatter PYTHON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]", Locale.ROOT);
  private static final XMLInputFactory FACTORY = newFactory();
  private static final String TIME = "TimeCreated@SystemTime";

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }

  /** Every {@code Event} element of the document, in order. */
  static List<RenderedEvent> parseAll(String document) {
    List<RenderedEvent> events = new ArrayList<>();
    try {
      XMLStreamReader in = FACTORY.createXMLStreamReader(new StringReader(document));
      while (in.hasNext()) {
        if (in.next() == XMLStreamConstants.START_ELEMENT && in.getLocalName().equals("Event")) {
          events.add(read(in));
        }
      }
      in.close();
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("rendering is not XML: " + e.getMessage(), e);
    }
    return events;
  }

  /** Reads from an {@code Event} start tag to its end tag. */
  private static RenderedEvent read(XMLStreamReader in) throws XMLStreamException {
    Map<String, String> system = new TreeMap<>();
    List<Map.Entry<String, String>> data = new ArrayList<>();
    String part = "";
    int depth = 1;
    while (depth > 0) {
      int event = in.next();
      if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        String name = in.getLocalName();
        if (depth == 2) {
          part = name;
        } else if (depth == 3 && part.equals("System")) {
          for (int i = 0; i < in.getAttributeCount(); i++) {
            putSystem(system, name + "@" + in.getAttributeLocalName(i), in.getAttributeValue(i));
          }
          putSystem(system, name, in.getElementText());
          depth--;
        } else if (depth == 3 && part.equals("EventData") && name.equals("Data")) {
          String key = String.valueOf(in.getAttributeValue(null, "Name"));
          data.add(new SimpleEntry<>(key, normalise(in.getElementText())));
          depth--;
        }
      }
    }
    return new RenderedEvent(system, data);
  }

  private static void putSystem(Map<String, String> system, String key, String value) {
    if (!value.isEmpty()) {
      system.put(key, key.equals(TIME) ? normaliseTime(value) : normalise(value));
    }
  }

  /**
   * This event with {@code expected}'s {@code SystemTime} when the two are at most
   * {@code micros} apart: python-evtx converts FILETIMEs through a double and is sometimes a
   * few microseconds off.
   */
  RenderedEvent withTimeOf(RenderedEvent expected, long micros) {
    String mine = system.get(TIME);
    String theirs = expected.system().get(TIME);
    if (mine == null || theirs == null || Math.abs(ChronoUnit.MICROS.between(Instant.parse(mine), Instant.parse(theirs))) > micros) {
      return this;
    }
    Map<String, String> aligned = new TreeMap<>(system);
    aligned.put(TIME, theirs);
    return new RenderedEvent(aligned, eventData);
  }

  static String normalise(String value) {
    if (BRACED_GUID.matcher(value).matches()) {
      return value.toUpperCase(Locale.ROOT);
    }
    if (HEX.matcher(value).matches()) {
      return "0x" + Long.toHexString(Long.parseUnsignedLong(value.substring(2), 16));
    }
    return value;
  }

  static String normaliseTime(String value) {
    Instant instant =
        value.endsWith("Z")
            ? Instant.parse(value)
            : LocalDateTime.parse(value, PYTHON_TIME).toInstant(ZoneOffset.UTC);
    return instant.truncatedTo(ChronoUnit.MICROS).toString();
  }
}
