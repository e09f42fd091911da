// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Test tooling: the parts of one event's Windows XML that the writer encodes, read with the JDK's
 * StAX (no DTDs, no external entities). Public for the other test tooling that needs an event's
 * System values ({@code jsonforms}).
 *
 * @param system the {@code System} values by key: an element's text under its name
 *     ({@code EventID}), an attribute under {@code Element@Attribute} ({@code Provider@Name})
 * @param eventData the {@code EventData/Data} items in document order
 */
public record EventXml(Map<String, String> system, List<Data> eventData) {

  /** One {@code <Data>} item; {@code name} is null for the unnamed items of classic events. */
  public record Data(@Nullable String name, String value) {}

  /** The System keys the writer knows how to type; any other is rejected by name. */
  static final Set<String> SYSTEM_KEYS =
      Set.of(
          "Provider@Name", "Provider@Guid", "EventID", "EventID@Qualifiers", "Version", "Level",
          "Task", "Opcode", "Keywords", "TimeCreated@SystemTime", "EventRecordID",
          "Correlation@ActivityID", "Correlation@RelatedActivityID", "Execution@ProcessID",
          "Execution@ThreadID", "Channel", "Computer", "Security@UserID");

  private static final XMLInputFactory FACTORY = newFactory();

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }

  /**
   * Parses one event.
   *
   * @throws IllegalArgumentException if the XML is malformed or holds a part the writer does not
   *     encode (UserData, an unknown System element)
   */
  public static EventXml parse(String xml) {
    try {
      XMLStreamReader in = FACTORY.createXMLStreamReader(new StringReader(xml));
      try {
        return read(in);
      } finally {
        in.close();
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("event XML is malformed: " + e.getMessage(), e);
    }
  }

  private static EventXml read(XMLStreamReader in) throws XMLStreamException {
    Map<String, String> system = new LinkedHashMap<>();
    List<Data> data = new ArrayList<>();
    in.nextTag();
    if (!in.getLocalName().equals("Event")) {
      throw new IllegalArgumentException("root element must be Event but was " + in.getLocalName());
    }
    while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
      String part = in.getLocalName();
      switch (part) {
        case "System" -> readSystem(in, system);
        case "EventData" -> readEventData(in, data);
        case "RenderingInfo" -> skip(in); // rendered text: not part of the stored event
        default -> throw new IllegalArgumentException("unsupported Event child " + part);
      }
    }
    for (String required : List.of("EventID", "TimeCreated@SystemTime", "EventRecordID")) {
      if (!system.containsKey(required)) {
        throw new IllegalArgumentException("event lacks System value " + required);
      }
    }
    return new EventXml(system, data);
  }

  private static void readSystem(XMLStreamReader in, Map<String, String> system)
      throws XMLStreamException {
    while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
      String element = in.getLocalName();
      for (int i = 0; i < in.getAttributeCount(); i++) {
        put(system, element + "@" + in.getAttributeLocalName(i), in.getAttributeValue(i));
      }
      String text = in.getElementText();
      if (!text.isEmpty()) {
        put(system, element, text);
      }
    }
  }

  private static void put(Map<String, String> system, String key, String value) {
    if (!SYSTEM_KEYS.contains(key)) {
      throw new IllegalArgumentException("unsupported System value " + key);
    }
    system.put(key, value);
  }

  private static void readEventData(XMLStreamReader in, List<Data> data)
      throws XMLStreamException {
    while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
      if (!in.getLocalName().equals("Data")) {
        throw new IllegalArgumentException("unsupported EventData child " + in.getLocalName());
      }
      String name = in.getAttributeValue(null, "Name");
      data.add(new Data(name, in.getElementText()));
    }
  }

  private static void skip(XMLStreamReader in) throws XMLStreamException {
    for (int depth = 1; depth > 0; ) {
      int event = in.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }
}
