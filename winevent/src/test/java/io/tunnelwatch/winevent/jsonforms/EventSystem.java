// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.evtxwriter.EventXml;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code System} values of an event that {@link WinEvent} does not keep but the JSON forms
 * write: the provider GUID, the EventID qualifiers, level, task, opcode, keywords, record id, the
 * logging process and thread, and the channel. Values are as Windows renders them in its XML.
 *
 * @param providerGuid {@code Provider/@Guid} ({@code {5770385F-C22A-43E0-BF4C-06F5698FFBD9}}), or
 *     null for a classic provider that has none
 * @param qualifiers {@code EventID/@Qualifiers}, or null when absent (manifest providers)
 * @param level {@code Level}
 * @param task {@code Task}
 * @param opcode {@code Opcode}
 * @param keywords {@code Keywords}, {@code 0x} and hexadecimal digits
 * @param recordId {@code EventRecordID}
 * @param processId {@code Execution/@ProcessID}: the logging process, not the process the event is about
 * @param threadId {@code Execution/@ThreadID}
 * @param channel {@code Channel}
 */
public record EventSystem(
    @Nullable String providerGuid,
    @Nullable Integer qualifiers,
    int level,
    int task,
    int opcode,
    String keywords,
    long recordId,
    long processId,
    long threadId,
    String channel) {

  /** Validates the keywords' form. */
  public EventSystem {
    Objects.requireNonNull(keywords, "keywords");
    Objects.requireNonNull(channel, "channel");
    if (!keywords.matches("0x[0-9a-fA-F]{1,16}")) {
      throw new IllegalArgumentException("keywords must be 0x and 1 to 16 hex digits but was " + keywords);
    }
  }

  /**
   * The System values of one {@code <Event>} (a line of {@code hayabusa/*.splunk.xml}), read by
   * the EVTX writer's {@link EventXml}.
   *
   * @throws IllegalArgumentException if the XML is malformed, lacks one of the values or holds a
   *     System value the writer does not know
   */
  public static EventSystem parse(String xml) {
    Map<String, String> v = EventXml.parse(xml).system();
    String qualifiers = v.get("EventID@Qualifiers");
    return new EventSystem(
        v.get("Provider@Guid"),
        qualifiers == null || qualifiers.isEmpty() ? null : Integer.valueOf(qualifiers),
        Integer.parseInt(required(v, "Level")),
        Integer.parseInt(required(v, "Task")),
        Integer.parseInt(required(v, "Opcode")),
        required(v, "Keywords"),
        Long.parseLong(required(v, "EventRecordID")),
        Long.parseLong(required(v, "Execution@ProcessID")),
        Long.parseLong(required(v, "Execution@ThreadID")),
        required(v, "Channel"));
  }

  /**
   * Typical values for an event of the Sysmon or Security-Auditing provider, for an event built in
   * a test rather than read: the provider's GUID, level, task of its process creation event,
   * keywords and channel, record id 1, and a logging process and thread of the provider's service
   * (Sysmon 2640/3476, Security 4/56, values from the corpus).
   *
   * @throws IllegalArgumentException for any other provider
   */
  public static EventSystem typical(WinEvent event) {
    String provider = event.provider();
    if (Values.SYSMON.equals(provider)) {
      return new EventSystem("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", null, 4, 1, 0,
          "0x8000000000000000", 1, 2640, 3476, "Microsoft-Windows-Sysmon/Operational");
    }
    if (Values.SECURITY.equals(provider)) {
      return new EventSystem("{54849625-5478-4994-A5BA-3E3B0328C30D}", null, 0, 13312, 0,
          "0x8020000000000000", 1, 4, 56, "Security");
    }
    throw new IllegalArgumentException("no typical System values for provider " + provider
        + "; use EventSystem.parse or the constructor");
  }

  private static String required(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("the event has no System value " + key);
    }
    return value;
  }
}
