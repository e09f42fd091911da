// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import io.tunnelwatch.winevent.WinEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The forms that write EventData as top-level keys (DESIGN 4.3 "flat EventData"): NXLog
 * {@code im_msvistalog}, OTRF/HELK, Sentinel {@code SecurityEvent}; key for key as
 * {@code json-shapes/nxlog_*}, {@code otrf_helk_flat_*} and {@code sentinel_securityevent_4688_row.json}.
 */
final class FlatForms {
  private FlatForms() {}

  static String nxlog(SourceEvent source, ZoneId local, NxlogVariant variant) {
    WinEvent e = source.event();
    EventSystem s = source.system();
    boolean logstash = variant == NxlogVariant.LOGSTASH;
    boolean sysmon = Values.isSysmon(e);
    Instant time = Values.systemTime(e);
    // NXLog reads the event about a second after Windows wrote it; Logstash stamps its arrival.
    Instant received = time.plusSeconds(1);
    String eventType = nxlogEventType(s);
    return Json.object(g -> {
      g.writeStringField("EventTime", Values.local(Values.SECONDS, time, local));
      Json.string(g, "Hostname", e.computer());
      g.writeNumberField("Keywords", Values.keywordsNumber(s));
      g.writeStringField("EventType", eventType);
      g.writeNumberField("SeverityValue", nxlogSeverityValue(s));
      g.writeStringField("Severity", eventType.startsWith("AUDIT") ? "INFO" : eventType);
      Json.numberOrString(g, "EventID", e.eventId());
      g.writeStringField("SourceName", e.provider());
      Json.string(g, "ProviderGuid", s.providerGuid() == null ? null : Values.bracedUpper(s.providerGuid()));
      Json.numberOrString(g, "Version", e.version());
      g.writeNumberField("Task", s.task());
      g.writeNumberField("OpcodeValue", s.opcode());
      g.writeNumberField("RecordNumber", s.recordId());
      g.writeNumberField(logstash ? "ExecutionProcessID" : "ProcessID", s.processId());
      g.writeNumberField("ThreadID", s.threadId());
      g.writeStringField("Channel", s.channel());
      Values.Account account = Values.account(e.userId());
      if (account != null) {
        g.writeStringField("Domain", account.domain());
        g.writeStringField("AccountName", account.name());
      }
      Json.string(g, "UserID", e.userId());
      if (account != null) {
        g.writeStringField("AccountType", "User");
      }
      if (!(logstash && sysmon)) {
        g.writeStringField("Message", Messages.render(e, "\r\n", UnaryOperator.identity()));
      }
      g.writeStringField("Category", Values.taskName(e, s));
      g.writeStringField("Opcode", Values.opcodeName(s));
      for (int i = 0; i < e.dataCount(); i++) {
        String name = e.dataName(i);
        boolean replaced = name.equalsIgnoreCase("ProcessID") && (!logstash || sysmon);
        String value = e.dataValue(i);
        if (!value.isEmpty() && !replaced) {
          // The Sysmon of the Mordor hosts wrote its GUIDs lower case; NXLog copies the text.
          g.writeStringField(name, logstash && Values.isBracedGuid(value) ? Values.bracedLower(value) : value);
        }
      }
      g.writeStringField("EventReceivedTime", Values.local(Values.SECONDS, received, local));
      g.writeStringField("SourceModuleName", "eventlog");
      g.writeStringField("SourceModuleType", "im_msvistalog");
      if (logstash) {
        Json.strings(g, "tags", List.of("mordorDataset"));
        g.writeStringField("host", "wec.internal.cloudapp.net");
        g.writeNumberField("port", 64545);
        g.writeStringField("@version", "1");
        g.writeStringField("@timestamp", Values.MILLIS_Z.format(received));
      }
    });
  }

  /** NXLog's EventType: the audit keywords first, else the level. */
  private static String nxlogEventType(EventSystem s) {
    long keywords = Values.keywordsNumber(s);
    if ((keywords & 0x0020000000000000L) != 0) {
      return "AUDIT_SUCCESS";
    }
    if ((keywords & 0x0010000000000000L) != 0) {
      return "AUDIT_FAILURE";
    }
    return switch (s.level()) {
      case 1 -> "CRITICAL";
      case 2 -> "ERROR";
      case 3 -> "WARNING";
      case 5 -> "VERBOSE";
      default -> "INFO";
    };
  }

  private static int nxlogSeverityValue(EventSystem s) {
    return switch (s.level()) {
      case 1 -> 5;
      case 2 -> 4;
      case 3 -> 3;
      case 5 -> 1;
      default -> 2;
    };
  }

  static String helk(SourceEvent source, ZoneId local, HelkVariant variant) {
    WinEvent e = source.event();
    EventSystem s = source.system();
    Instant time = Values.systemTime(e);
    boolean timestamped = variant == HelkVariant.TIMESTAMPED;
    return Json.object(g -> {
      if (timestamped) {
        // HELK's TimeCreated is the local wall-clock time labelled Z (compare UtcTime in the data).
        String falseUtc = Values.local(Values.MILLIS_FALSE_Z, time, local);
        g.writeStringField("@timestamp", falseUtc);
        g.writeStringField("TimeCreated", falseUtc);
      } else {
        g.writeStringField("TimeCreated", Values.local(Values.MILLIS, time, local));
      }
      for (int i = 0; i < e.dataCount(); i++) {
        String value = e.dataValue(i);
        g.writeStringField(e.dataName(i), Values.isBracedGuid(value) ? Values.bracedLower(value) : value);
      }
      g.writeStringField("SourceName", e.provider());
      Json.string(g, "Hostname", e.computer());
      Json.numberOrString(g, "EventID", e.eventId());
      g.writeStringField("Channel", s.channel());
      if (timestamped) {
        g.writeStringField("Keywords", s.keywords());
        g.writeStringField("Level", String.valueOf(s.level()));
      }
      g.writeStringField("Task", String.valueOf(s.task()));
      if (timestamped && s.providerGuid() != null) {
        g.writeStringField("ProviderGuid", Values.bracedLower(s.providerGuid()));
      }
      g.writeStringField("Message", Messages.render(e, "\r\n", Values::bracedLower));
    });
  }

  static String sentinel(SourceEvent source) {
    WinEvent e = source.event();
    EventSystem s = source.system();
    if (!Values.isSecurity(e)) {
      throw new IllegalArgumentException("SecurityEvent rows hold Security-Auditing events only, not " + e.provider());
    }
    return Json.object(g -> {
      g.writeStringField("TimeGenerated", Values.TICKS_Z.format(Values.systemTime(e)));
      g.writeStringField("EventData", eventDataXml(e));
      Json.numberOrString(g, "EventID", e.eventId());
      Json.numberOrString(g, "Version", e.version());
      g.writeNumberField("Level", s.level());
      g.writeStringField("EventLevelName", s.level() == 0 ? "LogAlways" : Values.levelName(s));
      g.writeNumberField("Task", s.task());
      g.writeStringField("Opcode", String.valueOf(s.opcode()));
      g.writeStringField("Keywords", s.keywords());
      g.writeStringField("Channel", s.channel());
      g.writeStringField("EventSourceName", e.provider());
      Json.string(g, "Computer", e.computer());
      g.writeStringField("Activity", e.eventId() + " - " + activity(e));
      for (int i = 0; i < e.dataCount(); i++) {
        g.writeStringField(e.dataName(i), e.dataValue(i));
      }
      g.writeStringField("EventRecordId", String.valueOf(s.recordId()));
      g.writeNumberField("SystemThreadId", s.threadId());
      g.writeNumberField("SystemProcessId", s.processId());
      g.writeStringField("SourceSystem", "LogsIngestionAPI");
    });
  }

  private static String activity(WinEvent e) {
    return "4688".equals(e.eventId()) ? "A new process has been created." : "Event " + e.eventId() + ".";
  }

  /** The row's EventData column: the XML fragment, one {@code Data} a line, values XML-escaped. */
  private static String eventDataXml(WinEvent e) {
    StringBuilder x = new StringBuilder(1024).append("<EventData>\n");
    for (int i = 0; i < e.dataCount(); i++) {
      x.append("<Data Name='").append(SourceEvent.text(e.dataName(i)).replace("'", "&apos;")).append("'>")
          .append(SourceEvent.text(e.dataValue(i))).append("</Data>\n");
    }
    return x.append("</EventData>\n").toString();
  }
}
