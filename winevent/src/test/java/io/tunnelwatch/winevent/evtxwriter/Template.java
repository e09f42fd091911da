// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test tooling: a Binary XML template definition (MS-EVEN6 2.2.13): an element tree whose values
 * are literal text or numbered substitutions. Two records with equal templates share one
 * definition per chunk.
 *
 * @param root the template's root element
 */
record Template(Template.Element root) {

  /** A node of the template's tree. */
  sealed interface Node permits Element, Text, Substitution {}

  /** An element with attributes and content. */
  record Element(String name, List<Attribute> attributes, List<Node> content) implements Node {
    Element {
      attributes = List.copyOf(attributes);
      content = List.copyOf(content);
    }
  }

  /** An attribute whose value is literal text or a substitution. */
  record Attribute(String name, Node value) {}

  /** Literal text, written as a Value token holding a UTF-16 string. */
  record Text(String value) implements Node {}

  /**
   * A substitution: the {@code index}-th value of the template instance, declared of
   * {@code type}; optional ones (token 0x0e) drop their element or attribute when null.
   */
  record Substitution(int index, boolean optional, int type) implements Node {}

  /** What identifies the template's shape, so a chunk writes each shape once. */
  String key() {
    return root.toString();
  }

  /** The GUID of the template with this {@link #key()}, derived from the shape. */
  static UUID guidOf(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Test tooling: a template with the values for one use of it.
   *
   * @param template the template
   * @param values one value per substitution index: a {@link BinXmlValue}, or a nested instance
   *     written as a Binary XML value (type 0x21)
   */
  record Instance(Template template, List<Object> values) {
    Instance {
      values = List.copyOf(values);
      for (Object value : values) {
        if (!(value instanceof BinXmlValue) && !(value instanceof Instance)) {
          throw new IllegalArgumentException("value must be a BinXmlValue or an Instance: " + value);
        }
      }
    }
  }

  /**
   * The template instance for one event the way Windows writes it: the standard System template
   * (substitution indexes as Windows numbers them) with the EventData as a nested Binary XML value
   * holding its own template of {@code Data} elements.
   */
  static Instance forEvent(EventXml event) {
    List<Object> values = new ArrayList<>();
    for (String key : SYSTEM_ORDER) {
      String value = event.system().get(key);
      values.add(value == null ? BinXmlValue.NULL_VALUE : BinXmlValue.system(key, value));
    }
    if (event.eventData().isEmpty()) {
      // A template of its own, as Windows does: libevtx cannot read a null Binary XML value.
      return new Instance(new Template(element("Event", List.of(XMLNS), SYSTEM)), values);
    }
    values.add(eventData(event));
    return new Instance(new Template(element("Event", List.of(XMLNS), SYSTEM, new Substitution(18, true, BinXmlValue.BINXML))), values);
  }

  /** The System keys by substitution index; index 18 is the EventData. */
  private static final List<String> SYSTEM_ORDER =
      List.of(
          "Level", "Opcode", "Task", "EventID", "EventID@Qualifiers", "Keywords",
          "TimeCreated@SystemTime", "Correlation@ActivityID", "Execution@ProcessID",
          "Execution@ThreadID", "EventRecordID", "Version", "Security@UserID",
          "Correlation@RelatedActivityID", "Provider@Name", "Provider@Guid", "Channel",
          "Computer");

  private static final Attribute XMLNS =
      new Attribute("xmlns", new Text("http://schemas.microsoft.com/win/2004/08/events/event"));

  /** The System element of Windows' standard template, with its substitution indexes. */
  private static final Element SYSTEM =
      element(
          "System",
          List.of(),
          element("Provider", List.of(opt("Name", 14, BinXmlValue.STRING), opt("Guid", 15, BinXmlValue.GUID))),
          element("EventID", List.of(opt("Qualifiers", 4, BinXmlValue.UINT16)), sub(3, BinXmlValue.UINT16)),
          leaf("Version", 11, BinXmlValue.UINT8),
          leaf("Level", 0, BinXmlValue.UINT8),
          leaf("Task", 2, BinXmlValue.UINT16),
          leaf("Opcode", 1, BinXmlValue.UINT8),
          leaf("Keywords", 5, BinXmlValue.HEX_INT64),
          element("TimeCreated", List.of(new Attribute("SystemTime", sub(6, BinXmlValue.FILETIME)))),
          element("EventRecordID", List.of(), sub(10, BinXmlValue.UINT64)),
          element("Correlation", List.of(opt("ActivityID", 7, BinXmlValue.GUID), opt("RelatedActivityID", 13, BinXmlValue.GUID))),
          element("Execution", List.of(opt("ProcessID", 8, BinXmlValue.UINT32), opt("ThreadID", 9, BinXmlValue.UINT32))),
          leaf("Channel", 16, BinXmlValue.STRING),
          leaf("Computer", 17, BinXmlValue.STRING),
          element("Security", List.of(opt("UserID", 12, BinXmlValue.SID))));

  private static Instance eventData(EventXml event) {
    String provider = event.system().getOrDefault("Provider@Name", "");
    List<Node> items = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (EventXml.Data data : event.eventData()) {
      BinXmlValue value = BinXmlValue.eventData(provider, data.name(), data.value());
      String name = data.name();
      List<Attribute> attributes = name == null ? List.of() : List.of(new Attribute("Name", new Text(name)));
      items.add(new Element("Data", attributes, List.of(new Substitution(values.size(), true, value.type()))));
      values.add(value);
    }
    return new Instance(new Template(new Element("EventData", List.of(), items)), values);
  }

  private static Element element(String name, List<Attribute> attributes, Node... content) {
    return new Element(name, attributes, List.of(content));
  }

  private static Element leaf(String name, int index, int type) {
    return element(name, List.of(), new Substitution(index, true, type));
  }

  private static Substitution sub(int index, int type) {
    return new Substitution(index, false, type);
  }

  private static Attribute opt(String name, int index, int type) {
    return new Attribute(name, new Substitution(index, true, type));
  }
}
