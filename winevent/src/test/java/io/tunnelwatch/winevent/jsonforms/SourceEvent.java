// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.WinEventException;
import io.tunnelwatch.winevent.internal.WinEventParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event to render: the model the adapters read, the System values the model does not keep,
 * and the event's Windows XML (the forms that carry the XML, such as Winlogbeat's
 * {@code event.original}, carry this text).
 *
 * @param event the event's values
 * @param system the System values {@code event} does not keep
 * @param xml the event's XML, one {@code <Event>} element
 */
public record SourceEvent(WinEvent event, EventSystem system, String xml) {

  /** Requires all three parts. */
  public SourceEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(xml, "xml");
  }

  /**
   * Reads one XmlWinEventLog line with the adapters' parser.
   *
   * @throws IllegalArgumentException if the line is not a readable event or lacks a System value
   */
  public static SourceEvent parse(String xmlLine) {
    WinEvent event;
    try {
      byte[] bytes = xmlLine.getBytes(StandardCharsets.UTF_8);
      event = new WinEventParser().parse(bytes, 0, bytes.length);
    } catch (WinEventException e) {
      throw new IllegalArgumentException("not a readable event (" + e.field() + "): " + e.reason(), e);
    }
    return new SourceEvent(event, EventSystem.parse(xmlLine), xmlLine);
  }

  /**
   * An event built in a test: {@link EventSystem#typical} System values and the XML Windows would
   * render for them (single-quoted attributes, empty elements self-closing, as Splunk shows it).
   */
  public static SourceEvent of(WinEvent event) {
    EventSystem system = EventSystem.typical(event);
    return new SourceEvent(event, system, windowsXml(event, system));
  }

  private static String windowsXml(WinEvent e, EventSystem s) {
    StringBuilder x = new StringBuilder(1024);
    x.append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider");
    attribute(x, "Name", e.provider());
    attribute(x, "Guid", s.providerGuid());
    x.append("/>");
    if (s.qualifiers() == null) {
      element(x, "EventID", e.eventId());
    } else {
      x.append("<EventID");
      attribute(x, "Qualifiers", String.valueOf(s.qualifiers()));
      x.append('>').append(text(Objects.toString(e.eventId(), ""))).append("</EventID>");
    }
    element(x, "Version", e.version());
    element(x, "Level", String.valueOf(s.level()));
    element(x, "Task", String.valueOf(s.task()));
    element(x, "Opcode", String.valueOf(s.opcode()));
    element(x, "Keywords", s.keywords());
    x.append("<TimeCreated");
    attribute(x, "SystemTime", e.systemTime());
    x.append("/>");
    element(x, "EventRecordID", String.valueOf(s.recordId()));
    x.append("<Correlation/><Execution");
    attribute(x, "ProcessID", String.valueOf(s.processId()));
    attribute(x, "ThreadID", String.valueOf(s.threadId()));
    x.append("/>");
    element(x, "Channel", s.channel());
    element(x, "Computer", e.computer());
    x.append("<Security");
    attribute(x, "UserID", e.userId());
    x.append("/></System><EventData>");
    for (int i = 0; i < e.dataCount(); i++) {
      x.append("<Data");
      attribute(x, "Name", e.dataName(i));
      if (e.dataValue(i).isEmpty()) {
        x.append("/>");
      } else {
        x.append('>').append(text(e.dataValue(i))).append("</Data>");
      }
    }
    return x.append("</EventData></Event>").toString();
  }

  private static void element(StringBuilder x, String name, @Nullable String value) {
    if (value != null) {
      x.append('<').append(name).append('>').append(text(value)).append("</").append(name).append('>');
    }
  }

  private static void attribute(StringBuilder x, String name, @Nullable String value) {
    if (value != null) {
      x.append(' ').append(name).append("='").append(text(value).replace("'", "&apos;")).append('\'');
    }
  }

  /** Escapes character data as Windows does: {@code &}, {@code <} and {@code >}. */
  static String text(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
