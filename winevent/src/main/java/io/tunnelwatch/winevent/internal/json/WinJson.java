// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.json;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.EventTime;
import io.tunnelwatch.winevent.internal.WinEventDispatch;
import io.tunnelwatch.winevent.internal.WinEventException;
import io.tunnelwatch.winevent.internal.WinEventParser;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Not API: reads one JSON object that renders a Windows event (DESIGN.md section 4.3) into a
 * {@link WinEvent}, whose System values and EventData pairs are those of the event's XML, so that
 * the Windows formats' mappings apply unchanged. The form is told by the object's keys:
 *
 * <ul>
 *   <li><b>evtx_dump</b> (the Rust {@code evtx} crate: Chainsaw, Zircolite, SigmaHQ's regression
 *       data): a top-level {@code Event} object holding {@code System}. Attributes under
 *       {@code #attributes} or in {@code <Element>_attributes} siblings (Hayabusa's
 *       {@code --separate-json-attributes}); {@code EventID} a number, a string or an object with
 *       {@code #text}; numbers become their decimal text, {@code null} Data the empty string;
 *   <li><b>ECS</b> (Winlogbeat, Elastic Agent): a top-level {@code winlog} object. When
 *       {@code event.original} holds the event's XML, that is read instead. Otherwise the System
 *       values come from {@code winlog.*}, the time from {@code @timestamp}, the pairs from
 *       {@code winlog.event_data}, and, for the values Elastic's ingest pipeline moved out of it, from
 *       the ECS fields the event's format names ({@link WinEventFormat#elasticFields()});
 *   <li><b>flat EventData</b> (NXLog {@code im_msvistalog}, OTRF/HELK, Sentinel
 *       {@code SecurityEvent}): {@code EventID} at the top level with {@code SourceName},
 *       {@code Channel} or {@code EventSourceName}; the pairs are the top-level keys, after those of a
 *       Sentinel row's {@code EventData} XML string (which win). NXLog's own {@code ProcessID} (the
 *       logging service's) is never an EventData value: a missing {@code ProcessId} is taken from
 *       the {@code Message} text ({@code ProcessId: 2964}, {@code Creator Process ID: 0x2b0}).
 * </ul>
 *
 * An Elasticsearch hit ({@code {"_index":…,"_id":…,"_source":{…}}}, as {@code elasticdump} and the
 * search API export documents) is read as its {@code _source}.
 *
 * <p>A time written without a zone (NXLog's local {@code EventTime}) is read in the source zone and
 * marked so ({@link WinEvent#systemTimeAssumedZone()}); {@code SystemTime} and {@code UtcTime} are UTC
 * by definition. Rejected ({@link JsonProblem}, naming the field): invalid JSON (RFC 8259), anything
 * but one object, a key twice in one object, nesting, keys, numbers or strings beyond the limits,
 * event XML that is not well-formed, and an EventData value of an event in scope that is an object
 * or an array. Not thread-safe: one reader per thread.
 */
public final class WinJson {
  /** The longest string read: an ECS {@code message} or {@code event.original} stays far below. */
  public static final int MAX_STRING_CHARS = 1 << 20;

  private static final String NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";
  private static final String SYSMON = "Microsoft-Windows-Sysmon";
  private static final String SECURITY = "Microsoft-Windows-Security-Auditing";

  private final JsonFactory json = JsonProblem.factory(MAX_STRING_CHARS);
  private final WinEventDispatch formats;
  private final ZoneId sourceZone;
  private @Nullable WinEventParser xml;
  private final WinEvent.Builder event = WinEvent.builder();

  // What one object holds, collected in one pass and then read as its form.
  private final Pairs top = new Pairs();
  private final Pairs evtxData = new Pairs();
  private final Pairs data = new Pairs();
  private final Map<String, String> ecs = new HashMap<>();
  private boolean evtxDump;
  private boolean winlog;
  private @Nullable String provider;
  private @Nullable String eventId;
  private @Nullable String version;
  private @Nullable String time;
  private @Nullable String computer;
  private @Nullable String userId;
  private @Nullable String original;
  private @Nullable String nonScalarData;

  /** A reader that maps ECS fields back for {@code formats} and reads zone-less times in {@code sourceZone}. */
  public WinJson(WinEventDispatch formats, ZoneId sourceZone) {
    this.formats = formats;
    this.sourceZone = sourceZone;
  }

  /**
   * The event that {@code b[offset, offset + length)} (UTF-8 JSON) renders, or null when the JSON is
   * one object but none of the forms above (another format's record).
   *
   * @throws JsonProblem when the record is rejected, naming the field
   */
  public @Nullable WinEvent read(byte[] b, int offset, int length) throws JsonProblem {
    clear();
    try (JsonParser p = json.createParser(b, offset, length)) {
      try {
        readObject(p);
      } catch (JsonProcessingException e) {
        throw JsonProblem.of(e, p, MAX_STRING_CHARS, "record");
      }
    } catch (IOException e) {
      // Reading a byte array does no I/O; the checked exception comes with Jackson's signatures.
      throw new JsonProblem(null, "not readable as JSON");
    }
    if (evtxDump) {
      return evtxDump();
    }
    if (winlog) {
      return ecs();
    }
    String id = top.get("EventID");
    String source = firstOf("SourceName", "EventSourceName", "Channel");
    return id == null || source == null ? null : flat(id);
  }

  private void clear() {
    top.clear();
    evtxData.clear();
    data.clear();
    ecs.clear();
    evtxDump = false;
    winlog = false;
    provider = null;
    eventId = null;
    version = null;
    time = null;
    computer = null;
    userId = null;
    original = null;
    nonScalarData = null;
    event.clear();
  }

  private void readObject(JsonParser p) throws IOException, JsonProblem {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new JsonProblem(null, "not a JSON object");
    }
    readFields(p, true);
    if (p.nextToken() != null) {
      throw new JsonProblem(null, "content after the JSON object");
    }
  }

  /**
   * The fields of the record's object, or of an Elasticsearch hit's {@code _source} (how
   * {@code elasticdump} and the search API export documents), whose fields are then the record's.
   */
  private void readFields(JsonParser p, boolean outermost) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        switch (name) {
          case "Event" -> readEvtxDumpEvent(p);
          case "winlog" -> readWinlog(p);
          case "process", "user" -> flatten(p, name + ".");
          case "event" -> readEcsEvent(p);
          case "_source" -> {
            if (outermost) {
              readFields(p, false);
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      } else if (t == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (t != JsonToken.VALUE_NULL) {
        top.add(name, p.getText());
      }
    }
  }

  // ---- evtx_dump

  private void readEvtxDumpEvent(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("System") && t == JsonToken.START_OBJECT) {
        evtxDump = true;
        readSystem(p);
      } else if (name.equals("EventData") && t == JsonToken.START_OBJECT) {
        readData(p, evtxData);
      } else {
        p.skipChildren();
      }
    }
  }

  private void readSystem(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      // An element and its _attributes sibling both name a value: a null one never replaces the other.
      switch (name) {
        case "Provider", "Provider_attributes" -> provider = either(provider, attribute(p, t, "Name"));
        case "EventID" -> eventId = either(eventId, attribute(p, t, "#text"));
        case "Version" -> version = either(version, attribute(p, t, "#text"));
        case "TimeCreated", "TimeCreated_attributes" -> time = either(time, attribute(p, t, "SystemTime"));
        case "Computer" -> computer = either(computer, attribute(p, t, "#text"));
        case "Security", "Security_attributes" -> userId = either(userId, attribute(p, t, "UserID"));
        default -> p.skipChildren();
      }
    }
  }

  private static @Nullable String either(@Nullable String earlier, @Nullable String later) {
    return later != null ? later : earlier;
  }

  /**
   * The scalar at the current token, or the {@code key} of the object there or of its
   * {@code #attributes} object: how evtx_dump writes {@code <X a='v'>text</X>} as
   * {@code {"#attributes":{"a":"v"},"#text":"text"}}, {@code <X>text</X>} as {@code "text"}.
   */
  private static @Nullable String attribute(JsonParser p, JsonToken t, String key) throws IOException {
    if (t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      return t == JsonToken.VALUE_NULL || !key.equals("#text") ? null : p.getText();
    }
    String found = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("#attributes") && v == JsonToken.START_OBJECT) {
        String inner = attribute(p, v, key);
        found = found == null ? inner : found;
      } else if (name.equals(key) && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
        found = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return found;
  }

  /** EventData pairs: scalars as their text, null as the empty string (an empty {@code Data}). */
  private void readData(JsonParser p, Pairs pairs) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.startsWith("#") || name.endsWith("_attributes")) {
        p.skipChildren();
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        // Not a name/value pair (unnamed Data, binary); only an event in scope is rejected for it.
        if (nonScalarData == null) {
          nonScalarData = name;
        }
        p.skipChildren();
      } else {
        pairs.add(name, t == JsonToken.VALUE_NULL ? "" : p.getText());
      }
    }
  }

  private @Nullable WinEvent evtxDump() throws JsonProblem {
    event.provider(provider).eventId(eventId).version(version).computer(computer).userId(userId)
        .systemTime(time); // SystemTime is UTC whatever the rendering writes
    return build(evtxData, "EventData");
  }

  // ---- ECS

  private void readWinlog(JsonParser p) throws IOException {
    winlog = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "provider_name" -> provider = scalar(p, t);
        case "event_id" -> eventId = scalar(p, t);
        case "version" -> version = scalar(p, t);
        case "computer_name" -> computer = scalar(p, t);
        case "user" -> userId = t == JsonToken.START_OBJECT ? attribute(p, t, "identifier") : skip(p);
        case "event_data" -> {
          if (t == JsonToken.START_OBJECT) {
            readData(p, data);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private void readEcsEvent(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("original") && t == JsonToken.VALUE_STRING) {
        original = p.getText();
      } else {
        p.skipChildren();
      }
    }
  }

  /** The scalars of an object, by dotted path ({@code process.parent.pid}); arrays are left out. */
  private void flatten(JsonParser p, String prefix) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        flatten(p, prefix + name + ".");
      } else if (t == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (t != JsonToken.VALUE_NULL) {
        ecs.put(prefix + name, p.getText());
      }
    }
  }

  private @Nullable WinEvent ecs() throws JsonProblem {
    String xmlText = original;
    if (xmlText != null && xmlText.startsWith("<Event")) {
      return parseXml(xmlText, "event.original");
    }
    event.provider(provider).eventId(eventId).version(version).computer(computer).userId(userId);
    time(top.get("@timestamp"));
    WinEventFormat format = formats.formatOf(provider, eventId);
    if (format != null) {
      for (Map.Entry<String, String> e : format.elasticFields().entrySet()) {
        if (data.get(e.getValue()) == null) {
          String value = elastic(e.getKey());
          if (value != null) {
            data.add(e.getValue(), value);
          }
        }
      }
    }
    return build(data, "winlog.event_data");
  }

  /** The value of an ECS field, or of the two composites that {@link WinEventFormat#elasticFields()} names. */
  private @Nullable String elastic(String field) {
    return switch (field) {
      case WinEventFormat.ELASTIC_HASHES -> hashes();
      case WinEventFormat.ELASTIC_USER -> {
        String name = ecs.get("user.name");
        String domain = ecs.get("user.domain");
        yield name == null || domain == null ? name : domain + "\\" + name;
      }
      default -> ecs.get(field);
    };
  }

  /** Sysmon's {@code Hashes} rebuilt from {@code process.hash.*} and {@code process.pe.imphash}. */
  private @Nullable String hashes() {
    StringBuilder s = new StringBuilder();
    hash(s, "SHA1", ecs.get("process.hash.sha1"));
    hash(s, "MD5", ecs.get("process.hash.md5"));
    hash(s, "SHA256", ecs.get("process.hash.sha256"));
    hash(s, "IMPHASH", ecs.get("process.pe.imphash"));
    return s.length() == 0 ? null : s.toString();
  }

  private static void hash(StringBuilder s, String algorithm, @Nullable String hex) {
    if (hex != null) {
      s.append(s.length() == 0 ? "" : ",").append(algorithm).append('=').append(hex.toUpperCase(Locale.ROOT));
    }
  }

  // ---- flat EventData

  private @Nullable WinEvent flat(String id) throws JsonProblem {
    String source = firstOf("SourceName", "EventSourceName");
    if (source == null) {
      String channel = top.get("Channel");
      source = "Security".equals(channel) ? SECURITY
          : "Microsoft-Windows-Sysmon/Operational".equals(channel) ? SYSMON
          : channel;
    }
    event.provider(source).eventId(id).version(top.get("Version")).computer(firstOf("Hostname", "Computer"))
        .userId(top.get("UserID"));
    time(firstOf("EventTime", "TimeCreated", "TimeGenerated", "@timestamp"));
    String sentinel = top.get("EventData");
    if (sentinel != null && sentinel.startsWith("<")) {
      WinEvent inner = parseXml("<Event xmlns='" + NAMESPACE + "'>" + sentinel + "</Event>", "EventData");
      for (int i = 0; i < inner.dataCount(); i++) {
        data.add(inner.dataName(i), inner.dataValue(i));
      }
    }
    for (int i = 0; i < top.size; i++) {
      String name = top.names[i];
      if (!name.equals("EventData") && !name.equals("ProcessID")) {
        data.add(name, top.values[i]);
      }
    }
    if (data.get("ProcessId") == null) {
      String message = top.get("Message");
      String pid = message == null ? null : messageValue(message);
      if (pid != null) {
        data.add("ProcessId", pid);
      }
    }
    return build(data, null);
  }

  /** The process id in a rendered Sysmon ({@code ProcessId: 2964}) or 4688 ({@code Creator Process ID:}) message. */
  static @Nullable String messageValue(String message) {
    for (int start = 0; start < message.length(); ) {
      int end = message.indexOf('\n', start);
      if (end < 0) {
        end = message.length();
      }
      int from = start;
      while (from < end && (message.charAt(from) == '\t' || message.charAt(from) == ' ')) {
        from++;
      }
      String value = label(message, from, end, "ProcessId:");
      if (value == null) {
        value = label(message, from, end, "Creator Process ID:");
      }
      if (value != null) {
        return value.isEmpty() ? null : value;
      }
      start = end + 1;
    }
    return null;
  }

  private static @Nullable String label(String s, int from, int end, String label) {
    if (!s.startsWith(label, from)) {
      return null;
    }
    return s.substring(from + label.length(), end).strip();
  }

  // ---- shared

  private @Nullable String firstOf(String... names) {
    for (String n : names) {
      String v = top.get(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * Sets the event's time from {@code text}: with {@code Z} or an offset as written; without a zone,
   * read in the source zone and marked as such; anything else is set as it is, for the mapping to
   * reject naming the field.
   */
  private void time(@Nullable String text) {
    if (text == null) {
      return;
    }
    int zoneAt = zoneStart(text);
    if (zoneAt < 0) {
      Instant utc = EventTime.parse(text); // the wall-clock fields, as if they were UTC
      if (utc == null) {
        event.systemTime(text);
        return;
      }
      LocalDateTime local = LocalDateTime.ofEpochSecond(utc.getEpochSecond(), utc.getNano(), ZoneOffset.UTC);
      event.systemTimeInAssumedZone(ZonedDateTime.ofLocal(local, sourceZone, null).toInstant());
      return;
    }
    if (text.charAt(zoneAt) == 'Z') {
      event.systemTime(text);
      return;
    }
    Instant wall = EventTime.parse(text.substring(0, zoneAt));
    ZoneOffset offset;
    try {
      offset = ZoneOffset.of(text.substring(zoneAt));
    } catch (java.time.DateTimeException e) {
      event.systemTime(text);
      return;
    }
    event.systemTime(wall == null ? text : wall.minusSeconds(offset.getTotalSeconds()).toString());
  }

  /** Where the zone of an ISO-8601 time starts ({@code Z}, {@code +02:00}, {@code -0500}), or -1. */
  private static int zoneStart(String text) {
    if (text.endsWith("Z")) {
      return text.length() - 1;
    }
    for (int i = text.length() - 1; i >= 19; i--) { // after yyyy-MM-ddTHH:mm:ss
      char c = text.charAt(i);
      if (c == '+' || c == '-') {
        return i;
      }
    }
    return -1;
  }

  private WinEvent parseXml(String text, String field) throws JsonProblem {
    WinEventParser parser = xml;
    if (parser == null) {
      parser = new WinEventParser(InputFactoryImpl::new);
      xml = parser;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      return parser.parse(bytes, 0, bytes.length);
    } catch (WinEventException e) {
      String inner = e.field();
      throw new JsonProblem(field, (inner == null ? "" : "field " + inner + ": ") + e.reason());
    }
  }

  /** The event collected; an event in scope with an object or array as EventData value is rejected. */
  private WinEvent build(Pairs pairs, @Nullable String dataField) throws JsonProblem {
    if (nonScalarData != null && formats.formatOf(event.provider(), event.eventId()) != null) {
      throw new JsonProblem((dataField == null ? "" : dataField + ".") + JsonProblem.shortName(nonScalarData),
          "an object or array where a value belongs");
    }
    for (int i = 0; i < pairs.size; i++) {
      event.addData(pairs.names[i], pairs.values[i]);
    }
    return event.build();
  }

  private static @Nullable String scalar(JsonParser p, JsonToken t) throws IOException {
    if (t.isScalarValue()) {
      return t == JsonToken.VALUE_NULL ? null : p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static @Nullable String skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  /** Names and values in document order; looked up by exact name, the first one wins. */
  private static final class Pairs {
    String[] names = new String[64];
    String[] values = new String[64];
    int size;

    void clear() {
      size = 0;
    }

    void add(String name, String value) {
      if (size == names.length) {
        names = java.util.Arrays.copyOf(names, size * 2);
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size] = value;
      size++;
    }

    @Nullable String get(String name) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          return values[i];
        }
      }
      return null;
    }
  }
}
