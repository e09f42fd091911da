package io.tunnelwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Test tooling: Windows events of XmlWinEventLog lines written as each JSON form tunnelwatch reads
 * (DESIGN.md 4.3), key for key in the shapes of the real examples in {@code shared/corpus/json-shapes}
 * (which cannot all be copied here, see its SOURCES.md). Values are carried over as each writer
 * carries them: evtx_dump types numbers and drops GUID braces, Elastic's pipeline moves values
 * into {@code process.*} and drops all-zero hashes, NXLog writes its own {@code ProcessID} over
 * Sysmon's {@code ProcessId} and local times without a zone, HELK keeps no {@code UserID} and writes
 * local time with a {@code Z}.
 */
final class WinJsonForms {
  private WinJsonForms() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";
  private static final String SYSMON = "Microsoft-Windows-Sysmon";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
  /** chrono's {@code %.6f}: the evtx crate keeps the microseconds of the 100 ns FILETIME. */
  private static final DateTimeFormatter SYSTEM_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * One event of an XmlWinEventLog line: its System values and its EventData pairs in order.
   *
   * @param userId {@code System/Security/@UserID}, null when the event has none (4688)
   */
  record XmlEvent(
      String xml, String provider, String providerGuid, int eventId, int version, int level, int task,
      int opcode, String keywords, Instant time, long recordId, int processId, int threadId, String channel,
      String computer, @Nullable String userId, Map<String, String> data) {

    boolean sysmon() {
      return provider.equals(SYSMON);
    }

    /** The EventData value, or the empty string. */
    String value(String name) {
      String v = data.get(name);
      return v == null ? "" : v;
    }
  }

  /** The forms, each as the tool named writes one event. */
  enum Form {
    /** {@code evtx_dump -o jsonl} (the Rust {@code evtx} crate), as Chainsaw and Zircolite read it. */
    EVTX_DUMP,
    /** {@code evtx_dump --separate-json-attributes}, as Hayabusa reads it. */
    EVTX_DUMP_SEPARATE_ATTRIBUTES,
    /** Winlogbeat 8's file output: raw ECS, every EventData value under {@code winlog.event_data}. */
    WINLOGBEAT,
    /** Elastic's ingest pipeline applied, with {@code event.original} (Winlogbeat's {@code include_xml}). */
    ELASTIC_WITH_ORIGINAL,
    /** Elastic's ingest pipeline applied, without {@code event.original}. */
    ELASTIC,
    /** NXLog {@code im_msvistalog} with {@code to_json()}. */
    NXLOG,
    /** OTRF/HELK flat EventData. */
    HELK,
    /** A Sentinel {@code SecurityEvent} row (Security events only). */
    SENTINEL
  }

  // ---- reading the XML

  /** The {@code <Event} lines of {@code files}, in file and line order. */
  static List<XmlEvent> events(Path... files) {
    List<XmlEvent> events = new ArrayList<>();
    for (Path file : files) {
      try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
        lines.filter(l -> l.startsWith("<Event")).map(WinJsonForms::parse).forEach(events::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return events;
  }

  static XmlEvent parse(String xml) {
    Element event;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      event = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("not an event: " + xml, e);
    }
    Element provider = child(event, "Provider");
    Element execution = child(event, "Execution");
    String userId = child(event, "Security").getAttribute("UserID");
    Map<String, String> data = new LinkedHashMap<>();
    NodeList pairs = event.getElementsByTagName("Data");
    for (int i = 0; i < pairs.getLength(); i++) {
      Element d = (Element) pairs.item(i);
      data.put(d.getAttribute("Name"), d.getTextContent());
    }
    return new XmlEvent(xml, provider.getAttribute("Name"), provider.getAttribute("Guid"), number(event, "EventID"),
        number(event, "Version"), number(event, "Level"), number(event, "Task"), number(event, "Opcode"),
        text(event, "Keywords"), Instant.parse(child(event, "TimeCreated").getAttribute("SystemTime")),
        Long.parseLong(text(event, "EventRecordID")), Integer.parseInt(execution.getAttribute("ProcessID")),
        Integer.parseInt(execution.getAttribute("ThreadID")), text(event, "Channel"), text(event, "Computer"),
        userId.isEmpty() ? null : userId, data);
  }

  private static Element child(Element event, String name) {
    return (Element) event.getElementsByTagName(name).item(0);
  }

  private static String text(Element event, String name) {
    return child(event, name).getTextContent();
  }

  private static int number(Element event, String name) {
    return Integer.parseInt(text(event, name));
  }

  // ---- writing

  /** One object per line, each ending with a line feed. */
  static String lines(List<ObjectNode> objects) {
    StringBuilder s = new StringBuilder();
    for (ObjectNode o : objects) {
      s.append(compact(o)).append('\n');
    }
    return s.toString();
  }

  /** Pretty-printed objects back to back ({@code evtx_dump -o json --dont-show-record-number}). */
  static String pretty(List<ObjectNode> objects) {
    StringBuilder s = new StringBuilder();
    for (ObjectNode o : objects) {
      try {
        s.append(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return s.toString();
  }

  /** One pretty-printed JSON array. */
  static String array(List<ObjectNode> objects) {
    ArrayNode a = NODES.arrayNode();
    a.addAll(objects);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String compact(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The events in {@code form}, written by a host whose clock is in {@code hostZone} (NXLog, HELK). */
  static List<ObjectNode> render(Form form, List<XmlEvent> events, ZoneId hostZone) {
    List<ObjectNode> out = new ArrayList<>();
    for (XmlEvent e : events) {
      out.add(switch (form) {
        case EVTX_DUMP -> evtxDump(e, false);
        case EVTX_DUMP_SEPARATE_ATTRIBUTES -> evtxDump(e, true);
        case WINLOGBEAT -> winlogbeat(e);
        case ELASTIC_WITH_ORIGINAL -> elastic(e, true);
        case ELASTIC -> elastic(e, false);
        case NXLOG -> nxlog(e, hostZone);
        case HELK -> helk(e, hostZone);
        case SENTINEL -> sentinel(e);
      });
    }
    return out;
  }

  // ---- evtx_dump

  private static ObjectNode evtxDump(XmlEvent e, boolean separate) {
    ObjectNode root = NODES.objectNode();
    ObjectNode event = root.putObject("Event");
    attributes(root, event, "Event", separate).put("xmlns", NAMESPACE);
    ObjectNode system = event.putObject("System");
    ObjectNode provider = system.putObject("Provider");
    attributes(system, provider, "Provider", separate).put("Name", e.provider()).put("Guid", unbraced(e.providerGuid()));
    system.put("EventID", e.eventId()).put("Version", e.version()).put("Level", e.level()).put("Task", e.task())
        .put("Opcode", e.opcode()).put("Keywords", e.keywords());
    ObjectNode created = system.putObject("TimeCreated");
    attributes(system, created, "TimeCreated", separate).put("SystemTime", SYSTEM_TIME.format(e.time()));
    system.put("EventRecordID", e.recordId()).putNull("Correlation");
    ObjectNode execution = system.putObject("Execution");
    attributes(system, execution, "Execution", separate).put("ProcessID", e.processId()).put("ThreadID", e.threadId());
    system.put("Channel", e.channel()).put("Computer", e.computer());
    String userId = e.userId();
    if (userId == null) {
      system.putNull("Security");
    } else {
      ObjectNode security = system.putObject("Security");
      attributes(system, security, "Security", separate).put("UserID", userId);
    }
    ObjectNode data = event.putObject("EventData");
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      String v = d.getValue();
      if (v.isEmpty()) {
        data.putNull(d.getKey());
      } else if (v.chars().allMatch(c -> c >= '0' && c <= '9') && v.length() < 10) {
        data.put(d.getKey(), Integer.parseInt(v)); // UInt32: ProcessId, ParentProcessId, TerminalSessionId
      } else {
        data.put(d.getKey(), unbraced(v));
      }
    }
    return root;
  }

  /**
   * Where the evtx crate puts an element's attributes: its {@code #attributes} object, or with
   * separate attributes a sibling {@code <name>_attributes} after the element's (then empty) object.
   */
  private static ObjectNode attributes(ObjectNode parent, ObjectNode element, String name, boolean separate) {
    return separate ? parent.putObject(name + "_attributes") : element.putObject("#attributes");
  }

  /** evtx renders a GUID without braces; other values as they are. */
  private static String unbraced(String v) {
    return v.length() == 38 && v.startsWith("{") && v.endsWith("}") ? v.substring(1, 37) : v;
  }

  // ---- Elastic

  private static ObjectNode winlogbeat(XmlEvent e) {
    ObjectNode o = NODES.objectNode();
    o.put("@timestamp", e.time().truncatedTo(ChronoUnit.MILLIS).toString());
    o.putObject("@metadata").put("beat", "winlogbeat").put("type", "_doc").put("version", "8.17.0");
    o.putObject("agent").put("name", e.computer()).put("type", "winlogbeat").put("version", "8.17.0");
    o.putObject("ecs").put("version", "8.0.0");
    o.putObject("event").put("action", task(e)).put("code", Integer.toString(e.eventId()))
        .put("created", "2024-04-23T09:30:00.000Z").put("kind", "event").put("provider", e.provider());
    o.putObject("host").put("name", e.computer());
    o.putObject("log").put("level", "information");
    o.put("message", message(e));
    ObjectNode winlog = winlog(o, e);
    ObjectNode data = NODES.objectNode();
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      if (!d.getValue().isEmpty()) { // Winlogbeat leaves empty values out
        data.put(d.getKey(), d.getValue());
      }
    }
    winlog.set("event_data", data);
    return o;
  }

  /** The {@code winlog} object both Elastic forms share, without its {@code event_data}. */
  private static ObjectNode winlog(ObjectNode o, XmlEvent e) {
    ObjectNode winlog = o.putObject("winlog");
    winlog.put("api", "wineventlog").put("channel", e.channel()).put("computer_name", e.computer())
        .put("event_id", Integer.toString(e.eventId())).put("opcode", "Info");
    winlog.putObject("process").put("pid", e.processId()).putObject("thread").put("id", e.threadId());
    winlog.put("provider_guid", e.providerGuid()).put("provider_name", e.provider())
        .put("record_id", Long.toString(e.recordId())).put("task", task(e));
    String userId = e.userId();
    if (userId != null) {
      winlog.putObject("user").put("domain", "NT AUTHORITY").put("identifier", userId).put("name", "SYSTEM")
          .put("type", "Well Known Group");
    }
    winlog.put("version", e.version());
    return winlog;
  }

  private static ObjectNode elastic(XmlEvent e, boolean original) {
    ObjectNode o = NODES.objectNode();
    boolean sysmon = e.sysmon();
    // The pipeline sets Sysmon's @timestamp from UtcTime, in milliseconds.
    o.put("@timestamp", sysmon ? e.time().truncatedTo(ChronoUnit.MILLIS).toString() : e.time().toString());
    o.putObject("ecs").put("version", "8.17.0");
    ObjectNode event = o.putObject("event");
    event.put("action", sysmon ? "Process creation" : "created-process");
    event.putArray("category").add("process");
    event.put("code", Integer.toString(e.eventId())).put("kind", "event").put("module", sysmon ? "sysmon" : "security");
    if (original) {
      event.put("original", e.xml());
    }
    event.put("provider", e.provider());
    event.putArray("type").add("start");
    o.putObject("host").put("name", e.computer());
    o.putObject("log").put("level", "information");
    o.put("message", message(e));
    Map<String, String> left = new LinkedHashMap<>(e.data());
    ObjectNode process = o.putObject("process");
    ObjectNode user = NODES.objectNode();
    if (sysmon) {
      sysmonProcess(process, left);
      String[] domainUser = take(left, "User").split("\\\\", 2);
      user.put("domain", domainUser[0]).put("id", e.userId()).put("name", domainUser[1]);
      left.remove("UtcTime");
      left.remove("RuleName");
    } else {
      securityProcess(process, left);
      user.put("domain", valueOf(left, "SubjectDomainName")).put("id", valueOf(left, "SubjectUserSid"))
          .put("name", valueOf(left, "SubjectUserName"));
    }
    o.putObject("related").putArray("user").add(user.get("name").asText());
    o.set("user", user);
    ObjectNode winlog = winlog(o, e);
    ObjectNode data = NODES.objectNode();
    left.forEach((k, v) -> {
      if (!v.isEmpty()) {
        data.put(k, v);
      }
    });
    winlog.set("event_data", data);
    return o;
  }

  /** What the Sysmon pipeline moves out of {@code event_data}, removed from {@code left}. */
  private static void sysmonProcess(ObjectNode process, Map<String, String> left) {
    String commandLine = take(left, "CommandLine");
    String image = take(left, "Image");
    args(process, commandLine);
    process.put("command_line", commandLine).put("entity_id", take(left, "ProcessGuid")).put("executable", image);
    // The pipeline splits Hashes into process.hash.* and drops all-zero hashes (the constructed ones).
    ObjectNode hash = NODES.objectNode();
    String imphash = null;
    for (String h : take(left, "Hashes").split(",")) {
      String[] kv = h.split("=", 2);
      if (!kv[1].chars().allMatch(c -> c == '0')) {
        if (kv[0].equals("IMPHASH")) {
          imphash = kv[1].toLowerCase(Locale.ROOT);
        } else {
          hash.put(kv[0].toLowerCase(Locale.ROOT), kv[1].toLowerCase(Locale.ROOT));
        }
      }
    }
    if (!hash.isEmpty()) {
      process.set("hash", hash);
    }
    process.put("name", basename(image));
    String parentCommandLine = take(left, "ParentCommandLine");
    String parentImage = take(left, "ParentImage");
    ObjectNode parent = process.putObject("parent");
    args(parent, parentCommandLine);
    parent.put("command_line", parentCommandLine).put("entity_id", take(left, "ParentProcessGuid"))
        .put("executable", parentImage).put("name", basename(parentImage))
        .put("pid", Integer.parseInt(take(left, "ParentProcessId")));
    ObjectNode pe = process.putObject("pe");
    pe.put("company", valueOf(left, "Company")).put("description", valueOf(left, "Description"))
        .put("file_version", valueOf(left, "FileVersion"));
    if (imphash != null) {
      pe.put("imphash", imphash);
    }
    pe.put("original_file_name", take(left, "OriginalFileName")).put("product", valueOf(left, "Product"));
    process.put("pid", Integer.parseInt(take(left, "ProcessId"))).put("working_directory", take(left, "CurrentDirectory"));
  }

  /** What the Security pipeline moves out of {@code event_data} for 4688, removed from {@code left}; ids in decimal. */
  private static void securityProcess(ObjectNode process, Map<String, String> left) {
    String commandLine = valueOf(left, "CommandLine"); // also kept in event_data
    String executable = take(left, "NewProcessName");
    String parentExecutable = take(left, "ParentProcessName");
    args(process, commandLine);
    process.put("command_line", commandLine).put("executable", executable).put("name", basename(executable));
    process.putObject("parent").put("executable", parentExecutable).put("name", basename(parentExecutable))
        .put("pid", Long.parseLong(valueOf(left, "ProcessId").substring(2), 16)); // ProcessId stays in event_data too
    process.put("pid", Long.parseLong(take(left, "NewProcessId").substring(2), 16));
  }

  /** Removes and returns the EventData value {@code name}, which the event must have. */
  private static String take(Map<String, String> left, String name) {
    String v = valueOf(left, name);
    left.remove(name);
    return v;
  }

  private static String valueOf(Map<String, String> left, String name) {
    String v = left.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the event has no " + name);
    }
    return v;
  }

  private static void args(ObjectNode process, String commandLine) {
    ArrayNode args = process.putArray("args");
    for (String a : commandLine.strip().split(" +")) {
      args.add(a);
    }
    process.put("args_count", args.size());
  }

  private static String basename(String path) {
    return path.substring(path.lastIndexOf('\\') + 1);
  }

  // ---- flat EventData

  /** NXLog CE's {@code im_msvistalog}, as {@code shared/corpus/json-shapes/nxlog_sysmon1.jsonl} shows it. */
  private static ObjectNode nxlog(XmlEvent e, ZoneId hostZone) {
    ObjectNode o = NODES.objectNode();
    LocalDateTime local = LocalDateTime.ofInstant(e.time(), hostZone);
    o.put("EventTime", LOCAL.format(local)).put("Hostname", e.computer())
        .put("Keywords", Long.parseUnsignedLong(e.keywords().substring(2), 16))
        .put("EventType", e.sysmon() ? "INFO" : "AUDIT_SUCCESS").put("SeverityValue", 2).put("Severity", "INFO")
        .put("EventID", e.eventId()).put("SourceName", e.provider()).put("ProviderGuid", e.providerGuid())
        .put("Version", e.version()).put("Task", e.task()).put("OpcodeValue", e.opcode()).put("RecordNumber", e.recordId())
        // NXLog's own field: the logging service's process. Its names ignore case, so it also stands
        // for the EventData's ProcessId, which is written nowhere else but in Message.
        .put("ProcessID", e.processId()).put("ThreadID", e.threadId()).put("Channel", e.channel());
    String userId = e.userId();
    if (userId != null) {
      o.put("Domain", "NT AUTHORITY").put("AccountName", "SYSTEM").put("UserID", userId).put("AccountType", "User");
    }
    o.put("Message", message(e)).put("Category", task(e)).put("Opcode", "Info");
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      if (!d.getValue().isEmpty() && !d.getKey().equalsIgnoreCase("ProcessID")) {
        o.put(d.getKey(), d.getValue());
      }
    }
    o.put("EventReceivedTime", LOCAL.format(local.plusSeconds(1))).put("SourceModuleName", "eventlog")
        .put("SourceModuleType", "im_msvistalog");
    return o;
  }

  /**
   * OTRF/HELK, as {@code otrf_helk_flat_sysmon1.jsonl} shows it: GUIDs in lower case, no
   * {@code UserID}, {@code TimeCreated} and {@code @timestamp} the host's local time with a {@code Z}.
   */
  private static ObjectNode helk(XmlEvent e, ZoneId hostZone) {
    ObjectNode o = NODES.objectNode();
    String localWithZ = LocalDateTime.ofInstant(e.time().truncatedTo(ChronoUnit.MILLIS), hostZone)
        .atOffset(ZoneOffset.UTC).toInstant().toString();
    o.put("Keywords", e.keywords()).put("Task", Integer.toString(e.task()));
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      String v = d.getValue();
      o.put(d.getKey(), v.startsWith("{") && v.endsWith("}") ? v.toLowerCase(Locale.ROOT) : v);
    }
    o.put("TimeCreated", localWithZ).put("SourceName", e.provider()).put("Hostname", e.computer())
        .put("Level", Integer.toString(e.level())).put("EventID", e.eventId())
        .put("ProviderGuid", e.providerGuid().toLowerCase(Locale.ROOT)).put("@timestamp", localWithZ)
        .put("Message", message(e)).put("Channel", e.channel());
    return o;
  }

  /** A Sentinel {@code SecurityEvent} row, as {@code sentinel_securityevent_4688_row.json} shows it, with its time. */
  private static ObjectNode sentinel(XmlEvent e) {
    if (e.sysmon()) {
      throw new IllegalArgumentException("SecurityEvent holds Security events only");
    }
    ObjectNode o = NODES.objectNode();
    o.put("TimeGenerated", e.time().toString());
    StringBuilder xml = new StringBuilder("<EventData>\n");
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      xml.append("<Data Name='").append(d.getKey()).append("'>").append(escape(d.getValue())).append("</Data>\n");
    }
    o.put("EventData", xml.append("</EventData>\n").toString());
    o.put("EventID", e.eventId()).put("Version", e.version()).put("Level", e.level()).put("EventLevelName", "LogAlways")
        .put("Task", e.task()).put("Opcode", Integer.toString(e.opcode())).put("Keywords", e.keywords())
        .put("Channel", e.channel()).put("EventSourceName", e.provider()).put("Computer", e.computer())
        .put("Activity", e.eventId() + " - A new process has been created.");
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      o.put(d.getKey(), d.getValue());
    }
    o.put("EventRecordId", Long.toString(e.recordId())).put("SystemThreadId", e.threadId())
        .put("SystemProcessId", e.processId()).put("SourceSystem", "OpsManager");
    return o;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  // ---- rendered text

  private static String task(XmlEvent e) {
    return e.sysmon() ? "Process Create (rule: ProcessCreate)" : "Process Creation";
  }

  /** The event's message as Windows renders it (Sysmon's lists every value; 4688's is a template). */
  static String message(XmlEvent e) {
    if (e.sysmon()) {
      StringBuilder s = new StringBuilder("Process Create:");
      e.data().forEach((k, v) -> s.append("\r\n").append(k).append(": ").append(v));
      return s.toString();
    }
    return "A new process has been created.\r\n\r\nCreator Subject:\r\n\tSecurity ID:\t\t" + e.value("SubjectUserSid")
        + "\r\n\tAccount Name:\t\t" + e.value("SubjectUserName") + "\r\n\tAccount Domain:\t\t" + e.value("SubjectDomainName")
        + "\r\n\tLogon ID:\t\t" + e.value("SubjectLogonId") + "\r\n\r\nTarget Subject:\r\n\tSecurity ID:\t\t"
        + e.value("TargetUserSid") + "\r\n\tAccount Name:\t\t" + e.value("TargetUserName") + "\r\n\tAccount Domain:\t\t"
        + e.value("TargetDomainName") + "\r\n\tLogon ID:\t\t" + e.value("TargetLogonId")
        + "\r\n\r\nProcess Information:\r\n\tNew Process ID:\t\t" + e.value("NewProcessId") + "\r\n\tNew Process Name:\t"
        + e.value("NewProcessName") + "\r\n\tToken Elevation Type:\t" + e.value("TokenElevationType")
        + "\r\n\tMandatory Label:\t\t" + e.value("MandatoryLabel") + "\r\n\tCreator Process ID:\t" + e.value("ProcessId")
        + "\r\n\tCreator Process Name:\t" + e.value("ParentProcessName") + "\r\n\tProcess Command Line:\t"
        + e.value("CommandLine") + "\r\n\r\nToken Elevation Type indicates the type of token that was assigned to"
        + " the new process in accordance with User Account Control policy.";
  }
}
