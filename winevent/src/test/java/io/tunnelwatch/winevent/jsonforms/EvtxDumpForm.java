// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tunnelwatch.winevent.WinEvent;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The Rust {@code evtx} crate's JSON ({@code src/binxml/ir_json.rs}, {@code value_render.rs}):
 * element names as keys, attributes under {@code #attributes} (or {@code <Element>_attributes}),
 * typed values as the crate writes them, an element with neither text nor attributes as null.
 */
final class EvtxDumpForm {
  private static final String NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";

  private EvtxDumpForm() {}

  static String render(SourceEvent source, EvtxDumpStyle style) {
    WinEvent e = source.event();
    EventSystem s = source.system();
    boolean separate = style.attributes() == EvtxDumpStyle.Attributes.SEPARATE;
    Integer qualifiers = style.qualifiers() != null ? style.qualifiers() : s.qualifiers();
    return Json.object(g -> {
      if (separate) {
        g.writeObjectFieldStart("Event_attributes");
        g.writeStringField("xmlns", NAMESPACE);
        g.writeEndObject();
      }
      g.writeObjectFieldStart("Event");
      if (!separate) {
        g.writeObjectFieldStart("#attributes");
        g.writeStringField("xmlns", NAMESPACE);
        g.writeEndObject();
      }
      g.writeObjectFieldStart("System");
      attributes(g, "Provider", separate, "Name", e.provider(), "Guid",
          s.providerGuid() == null ? null : Values.bareUpper(s.providerGuid()));
      eventId(g, e.eventId(), qualifiers, separate);
      Json.numberOrString(g, "Version", e.version());
      g.writeNumberField("Level", s.level());
      g.writeNumberField("Task", s.task());
      g.writeNumberField("Opcode", s.opcode());
      g.writeStringField("Keywords", s.keywords().toLowerCase(Locale.ROOT));
      attributes(g, "TimeCreated", separate, "SystemTime",
          Values.MICROS_Z.format(Values.systemTime(e)), null, null);
      g.writeNumberField("EventRecordID", s.recordId());
      g.writeNullField("Correlation");
      if (separate) {
        g.writeObjectFieldStart("Execution_attributes");
      } else {
        g.writeObjectFieldStart("Execution");
        g.writeObjectFieldStart("#attributes");
      }
      g.writeNumberField("ProcessID", s.processId());
      g.writeNumberField("ThreadID", s.threadId());
      g.writeEndObject();
      if (!separate) {
        g.writeEndObject();
      }
      g.writeStringField("Channel", s.channel());
      Json.string(g, "Computer", e.computer());
      attributes(g, "Security", separate, "UserID", e.userId(), null, null);
      g.writeEndObject();
      eventData(g, e, style.emptyData());
      g.writeEndObject();
    });
  }

  /**
   * An element that has only attributes: {@code {"#attributes":{…}}} or a sibling
   * {@code Name_attributes} key; null (no key when separate) when no attribute has a value.
   */
  private static void attributes(JsonGenerator g, String element, boolean separate, String name1,
      @Nullable String value1, @Nullable String name2, @Nullable String value2) throws IOException {
    if (value1 == null && value2 == null) {
      g.writeNullField(element);
      return;
    }
    if (separate) {
      g.writeObjectFieldStart(element + "_attributes");
    } else {
      g.writeObjectFieldStart(element);
      g.writeObjectFieldStart("#attributes");
    }
    Json.string(g, name1, value1);
    if (name2 != null) {
      Json.string(g, name2, value2);
    }
    g.writeEndObject();
    if (!separate) {
      g.writeEndObject();
    }
  }

  private static void eventId(JsonGenerator g, @Nullable String id, @Nullable Integer qualifiers, boolean separate)
      throws IOException {
    if (qualifiers == null) {
      Json.numberOrString(g, "EventID", id);
    } else if (separate) {
      g.writeObjectFieldStart("EventID_attributes");
      g.writeNumberField("Qualifiers", qualifiers);
      g.writeEndObject();
      Json.numberOrString(g, "EventID", id);
    } else {
      g.writeObjectFieldStart("EventID");
      g.writeObjectFieldStart("#attributes");
      g.writeNumberField("Qualifiers", qualifiers);
      g.writeEndObject();
      Json.numberOrString(g, "#text", id);
      g.writeEndObject();
    }
  }

  /**
   * {@code EventData} flattened to {@code Name: value}: Sysmon's UInt32 fields as numbers, GUIDs
   * bare upper case, everything else (SIDs, HexInt64 {@code 0x…}, strings) as text.
   */
  private static void eventData(JsonGenerator g, WinEvent e, EvtxDumpStyle.EmptyData emptyData) throws IOException {
    if (e.dataCount() == 0) {
      g.writeNullField("EventData");
      return;
    }
    g.writeObjectFieldStart("EventData");
    for (int i = 0; i < e.dataCount(); i++) {
      String name = e.dataName(i);
      String value = e.dataValue(i);
      if (value.isEmpty()) {
        if (emptyData == EvtxDumpStyle.EmptyData.NULL) {
          g.writeNullField(name);
        } else {
          g.writeStringField(name, "");
        }
      } else if (Values.isSysmon(e) && Values.SYSMON_UINT.contains(name)) {
        Json.numberOrString(g, name, value);
      } else {
        g.writeStringField(name, Values.isBracedGuid(value) ? Values.bareUpper(value) : value);
      }
    }
    g.writeEndObject();
  }
}
