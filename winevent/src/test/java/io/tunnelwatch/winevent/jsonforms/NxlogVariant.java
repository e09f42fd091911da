// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

/** Which NXLog {@code im_msvistalog} JSON {@link JsonForms#nxlog} writes. */
public enum NxlogVariant {
  /**
   * {@code to_json()} straight from NXLog ({@code json-shapes/nxlog_sysmon1.jsonl}): the logging
   * service's pid is {@code ProcessID}, and since NXLog field names ignore case it replaces the
   * event's own {@code ProcessId} (Sysmon's new process, 4688's creator process), which is lost.
   */
  CLASSIC,
  /**
   * Through the OTRF/Mordor Logstash pipeline ({@code json-shapes/nxlog_via_logstash_4688.jsonl},
   * the {@code tags} lines of {@code otrf/*.jsonl}): NXLog writes {@code ExecutionProcessID}, so
   * 4688's {@code ProcessId} survives; Logstash adds {@code @timestamp}, {@code @version},
   * {@code host}, {@code port} and {@code tags}. In the real Sysmon lines of this kind
   * {@code ProcessId} and {@code Message} are absent (all 8 of them) and the EventData GUIDs are
   * lower case, as the Sysmon of those hosts wrote them; this variant renders them so too.
   */
  LOGSTASH
}
