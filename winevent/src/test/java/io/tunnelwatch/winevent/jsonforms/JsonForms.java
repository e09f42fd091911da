// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.ZoneId;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Renders a Windows event into the JSON forms of DESIGN section 4.3, each as one compact JSON
 * object without a newline, with the key names, nesting, value types, GUID and hex case and time
 * formats of the real examples in {@code shared/corpus/json-shapes} and {@code otrf}
 * ({@code JsonFormsShapeTest} compares them key by key). Each method's Javadoc says which values
 * of DESIGN section 3 the form loses; every other one it keeps exactly. Strings are written by
 * Jackson's generator, so the output is always valid JSON; {@link #escapeAll} forces
 * {@code \}{@code uXXXX} escapes for tests of a reader's unescaping.
 *
 * <p>An event read from an XmlWinEventLog line: {@link SourceEvent#parse}; one built in a test:
 * {@link SourceEvent#of}. Times are rendered from {@code SystemTime} (and Sysmon's {@code UtcTime}
 * where the form's pipeline does); an event without a readable {@code SystemTime} is rejected with
 * {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class JsonForms {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonForms() {}

  /**
   * The Rust {@code evtx} crate's {@code evtx_dump -o jsonl} (Chainsaw, Zircolite; Hayabusa with
   * {@link EvtxDumpStyle#HAYABUSA}): {@code {"Event":{"#attributes":{"xmlns":…},"System":{…},
   * "EventData":{…}}}}. Typed values as the crate writes them: Level, Task, Opcode, EventRecordID,
   * the Execution ids and Sysmon's UInt32 fields ({@code ProcessId}, {@code ParentProcessId},
   * {@code TerminalSessionId}) as numbers; GUIDs without braces, upper case; HexInt64 as
   * {@code 0x} lower-case strings; {@code SystemTime} with six fraction digits and {@code Z};
   * an element without text or attributes (Correlation, Security without UserID) as null.
   *
   * <p>Loses nothing: the GUIDs' braces and the ids' string form are restored by DESIGN 4's
   * canonical values.
   */
  public static String evtxDump(SourceEvent event, EvtxDumpStyle style) {
    return EvtxDumpForm.render(event, style);
  }

  /**
   * Winlogbeat 8 without Elastic's ingest pipeline: {@code @timestamp} ({@code SystemTime} in
   * milliseconds, {@code Z}), {@code ecs}, {@code event} (action, code, created, kind, outcome for
   * audit events, provider), {@code host.name}, {@code log.level}, {@code message} (lines joined by
   * {@code \n}) and {@code winlog} with every EventData value as a string under
   * {@code event_data}, {@code event_id} as a string, {@code record_id} as a number (Winlogbeat's
   * uint64, as its golden files show; the pipelines convert it to a string), and {@code user}
   * (domain, name and type resolved only for the well-known SIDs) when there is a UserID. No
   * {@code process} object.
   *
   * <p>Loses nothing; {@code event.created} is the read time in Winlogbeat and here the event's time.
   */
  public static String ecsRaw(SourceEvent event) {
    return EcsForm.raw(event, false);
  }

  /**
   * {@link #ecsRaw} as Winlogbeat's own outputs write it (file, console, Kafka; Winlogbeat 8's
   * file output names its files {@code winlogbeat-<date>.ndjson}): the Beats JSON codec's
   * {@code @metadata} ({@code beat}, {@code type} {@code _doc}, {@code version}) right after
   * {@code @timestamp}, then {@code agent} ({@code name} the host, {@code type}, {@code version};
   * the per-install {@code id} and per-run {@code ephemeral_id} are left out so that renderings
   * repeat), then the keys of {@link #ecsRaw}. What Logstash or Elasticsearch hands on has no
   * {@code @metadata}.
   *
   * <p>Loses nothing, as {@link #ecsRaw}.
   */
  public static String ecsRawWithMetadata(SourceEvent event) {
    return EcsForm.raw(event, true);
  }

  /**
   * The raw event ({@link #ecsRaw}) after Elastic's ingest pipeline ({@code sysmon.yml},
   * {@code security_standard.yml}), as its golden files show. Sysmon: empty, {@code -} and
   * all-zero GUID values are removed from {@code winlog.event_data}; ProcessGuid, ProcessId,
   * Image, CommandLine, CurrentDirectory, OriginalFileName and the Parent* fields move to
   * {@code process.*} (ids as numbers, command lines also split into {@code args}); Hashes is
   * split into lower-case {@code process.hash.*} and {@code process.pe.imphash} without all-zero
   * hashes; User becomes {@code user.domain} and {@code user.name}; UtcTime becomes
   * {@code @timestamp} (milliseconds). 4688: NewProcessName, NewProcessId (a decimal number) and
   * ParentProcessName move to {@code process.*}, ProcessId is also {@code process.parent.pid},
   * Subject* become {@code user.*} and Target* {@code user.effective.*}.
   *
   * <p>Loses: Sysmon {@code Hashes} as written (rebuilt from {@code process.hash.*}, DESIGN 4.3),
   * every empty or {@code -} Sysmon value and all-zero GUIDs and hashes (each then missing, which
   * gives the same row), the exact precision of {@code UtcTime} beyond milliseconds.
   */
  public static String ecsIngested(SourceEvent event) {
    return EcsForm.ingested(event, false);
  }

  /**
   * {@link #ecsIngested} with Winlogbeat's {@code include_xml: true}: {@code event.original} holds
   * the event's XML ({@link SourceEvent#xml}), from which a reader can take every value.
   */
  public static String ecsIngestedWithOriginal(SourceEvent event) {
    return EcsForm.ingested(event, true);
  }

  /**
   * NXLog {@code im_msvistalog} with {@code to_json()}: {@code EventTime} and
   * {@code EventReceivedTime} as {@code local} wall-clock time without zone
   * ({@code 2020-08-01 07:53:24}), {@code Keywords} as a signed number, EventID, Task, Version,
   * RecordNumber and the Execution ids as numbers, {@code ProviderGuid} braced upper case,
   * {@code Domain}/{@code AccountName}/{@code AccountType} for the well-known SIDs, {@code Message}
   * with {@code \r\n} lines, then the EventData values as strings, empty ones left out.
   *
   * <p>Loses: the fraction of the second and the zone of the time (read back in the source zone);
   * every empty EventData value (missing, same row); {@link NxlogVariant#CLASSIC} the event's
   * {@code ProcessId} (NXLog's {@code ProcessID} replaces it; the value survives in
   * {@code Message}: {@code ProcessId: 2964}, 4688 {@code Creator Process ID:\t0x2b0});
   * {@link NxlogVariant#LOGSTASH} Sysmon's {@code ProcessId} and {@code Message} altogether.
   */
  public static String nxlog(SourceEvent event, ZoneId local, NxlogVariant variant) {
    return FlatForms.nxlog(event, local, variant);
  }

  /** {@link #helk(SourceEvent, ZoneId, HelkVariant)} as {@link HelkVariant#TIMESTAMPED}. */
  public static String helk(SourceEvent event, ZoneId local) {
    return helk(event, local, HelkVariant.TIMESTAMPED);
  }

  /**
   * OTRF/HELK flat JSON: the EventData values as strings (GUIDs braced, lower case),
   * {@code SourceName}, {@code Hostname}, {@code EventID} (a number), {@code Channel},
   * {@code Task} (a string), {@code Message} ({@code \r\n} lines), and per {@code variant}
   * {@code @timestamp}, {@code Keywords}, {@code Level}, {@code ProviderGuid} (braced lower case)
   * and the form of {@code TimeCreated}: the {@code local} wall-clock time, which HELK labels
   * {@code Z} although it is not UTC.
   *
   * <p>Loses: the UserID (Sysmon {@code user_id} becomes null), the EventRecordID, the Execution
   * ids, {@code Version}; {@code TimeCreated}'s true zone (Sysmon keeps {@code UtcTime}; 4688's
   * time is only right when read in {@code local}).
   */
  public static String helk(SourceEvent event, ZoneId local, HelkVariant variant) {
    return FlatForms.helk(event, local, variant);
  }

  /**
   * A Log Analytics {@code SecurityEvent} row (Sentinel): {@code TimeGenerated} (UTC, seven
   * fraction digits; the example row omits it but the table always has it), {@code EventData} as
   * an XML string ({@code <EventData>\n<Data Name='…'>…</Data>\n…</EventData>\n}, values
   * XML-escaped), {@code EventID}, {@code Version}, {@code Level}, {@code Task} and the Execution
   * ids as numbers, {@code Opcode} and {@code EventRecordId} as strings, {@code EventSourceName},
   * {@code Computer}, {@code Activity}, and every EventData value repeated as a top-level column.
   *
   * <p>Loses nothing (Security events carry no UserID).
   *
   * @throws IllegalArgumentException for an event that is not from Security-Auditing: the table
   *     holds Security events only
   */
  public static String sentinel(SourceEvent event) {
    return FlatForms.sentinel(event);
  }

  /**
   * The objects one per line, each followed by a newline: JSON Lines, as {@code evtx_dump -o jsonl},
   * Winlogbeat's and NXLog's file outputs write them.
   */
  public static String jsonLines(List<String> objects) {
    StringBuilder out = new StringBuilder();
    for (String o : objects) {
      out.append(o).append('\n');
    }
    return out.toString();
  }

  /**
   * The objects pretty-printed as serde_json prints them (two-space indent, {@code "key": value})
   * and concatenated, each followed by a newline: the SigmaHQ {@code regression_data} style, several
   * events to a file.
   */
  public static String prettyConcatenated(List<String> objects) {
    StringBuilder out = new StringBuilder();
    for (String o : objects) {
      out.append(Json.pretty(tree(o))).append('\n');
    }
    return out.toString();
  }

  /** The objects as one pretty-printed JSON array, followed by a newline. */
  public static String prettyArray(List<String> objects) {
    ArrayNode array = MAPPER.createArrayNode();
    objects.forEach(o -> array.add(tree(o)));
    return Json.pretty(array) + "\n";
  }

  /**
   * Rewrites every code point inside the strings (keys and values) of a JSON text that
   * {@code which} accepts as {@code \}{@code uXXXX} escapes (a surrogate pair above U+FFFF).
   * Existing escapes and the text outside strings are kept; the result denotes the same JSON.
   */
  public static String escapeAll(String json, IntPredicate which) {
    return Json.escapeAll(json, which);
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
