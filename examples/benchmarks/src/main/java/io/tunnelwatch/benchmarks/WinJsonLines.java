// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tunnelwatch.benchmarks.CorpusGenerator.Kind;
import io.tunnelwatch.core.ProcessEvent;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Windows events rendered as the JSON forms of DESIGN.md section 4.3, one object per line, for
 * {@link CorpusGenerator}. The process creations are the real Sysmon Event ID 1 and Security 4688
 * events of the XML corpus (their System values and EventData pairs) with fresh times, ids, hosts
 * and users; a quarter of the events are other event ids of the same providers (Sysmon 3, 5, 11,
 * 13; Security 4624, 4672, 4689) made up after their schemas, with the corpus's processes. Each is
 * written the way its tool writes it, by Jackson's {@link JsonGenerator}: value types (numbers or
 * strings), GUIDs with or without braces and in which case, time formats and key order follow the
 * real examples of {@code shared/corpus/json-shapes} and {@code shared/corpus/otrf}. Not thread-safe.
 */
final class WinJsonLines {
  private static final String SYSMON = "Microsoft-Windows-Sysmon";
  private static final String SECURITY = "Microsoft-Windows-Security-Auditing";
  private static final String SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";
  private static final String NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";
  private static final String BEAT_VERSION = "8.17.0";
  private static final JsonFactory JSON = new JsonFactory();
  /** Stands for JSON {@code null} in the maps the forms are built from. */
  private static final Object NULL = new Object();

  private static final DateTimeFormatter MICROS = utc("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
  private static final DateTimeFormatter MILLIS = utc("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final DateTimeFormatter SEVEN = utc("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'");
  private static final DateTimeFormatter UTC_TIME = utc("yyyy-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter SECONDS = utc("yyyy-MM-dd HH:mm:ss");

  /** EventData values that evtx_dump writes as JSON numbers (UInt16/32 in the events' manifests). */
  private static final Set<String> EVTX_NUMBERS =
      Set.of("ProcessId", "ParentProcessId", "TerminalSessionId", "SourcePort", "DestinationPort", "LogonType", "KeyLength");
  /** EventData values that evtx_dump writes as JSON booleans. */
  private static final Set<String> EVTX_BOOLEANS = Set.of("Initiated", "SourceIsIpv6", "DestinationIsIpv6");

  private static final String TOKEN_ELEVATION_TEXT = "Token Elevation Type indicates the type of token that was assigned "
      + "to the new process in accordance with User Account Control policy.\r\n\r\nType 1 is a full token with no "
      + "privileges removed or groups disabled.  A full token is only used if User Account Control is disabled or if the "
      + "user is the built-in Administrator account or a service account.\r\n\r\nType 2 is an elevated token with no "
      + "privileges removed or groups disabled.  An elevated token is used when User Account Control is enabled and the "
      + "user chooses to start the program using Run as administrator.  An elevated token is also used when an "
      + "application is configured to always require administrative privilege or to always require maximum privilege, "
      + "and the user is a member of the Administrators group.\r\n\r\nType 3 is a limited token with administrative "
      + "privileges removed and administrative groups disabled.  The limited token is used when User Account Control is "
      + "enabled, the application does not require administrative privilege, and the user does not choose to start the "
      + "program using Run as administrator.";

  /** What an event id is called where the forms name it. */
  private record EventType(String provider, int id, int version, int task, String taskName, String action, String title) {
    boolean sysmon() {
      return provider.equals(SYSMON);
    }

    String keywords() {
      return sysmon() ? "0x8000000000000000" : "0x8020000000000000";
    }

    int level() {
      return sysmon() ? 4 : 0;
    }
  }

  private static final EventType PROCESS_CREATE = new EventType(SYSMON, 1, 5, 1,
      "Process Create (rule: ProcessCreate)", "Process creation", "Process Create:");
  private static final EventType NEW_PROCESS = new EventType(SECURITY, 4688, 2, 13312,
      "Process Creation", "created-process", "A new process has been created.");
  private static final List<EventType> OTHER_SYSMON = List.of(
      new EventType(SYSMON, 3, 5, 3, "Network connection detected (rule: NetworkConnect)", "Network connection detected",
          "Network connection detected:"),
      new EventType(SYSMON, 5, 3, 5, "Process terminated (rule: ProcessTerminate)", "Process terminated", "Process terminated:"),
      new EventType(SYSMON, 11, 2, 11, "File created (rule: FileCreate)", "File created", "File created:"),
      new EventType(SYSMON, 13, 2, 13, "Registry value set (rule: RegistryEvent)", "Registry value set", "Registry value set:"));
  private static final List<EventType> OTHER_SECURITY = List.of(
      new EventType(SECURITY, 4624, 2, 12544, "Logon", "logged-in", "An account was successfully logged on."),
      new EventType(SECURITY, 4672, 0, 12548, "Special Logon", "logged-in-special", "Special privileges assigned to new logon."),
      new EventType(SECURITY, 4689, 0, 13313, "Process Termination", "exited-process", "A process has exited."));

  /** A real event: its type (version as written) and EventData pairs in document order. */
  private record Template(EventType type, Map<String, String> data) {}

  /** One event to write. */
  private static final class Event {
    final EventType type;
    final Map<String, String> data;
    final Instant time;
    final long record;
    final int host;
    final int threadId;

    Event(EventType type, Map<String, String> data, Instant time, long record, int host, int threadId) {
      this.type = type;
      this.data = data;
      this.time = time;
      this.record = record;
      this.host = host;
      this.threadId = threadId;
    }

    String data(String name) {
      return data.getOrDefault(name, "");
    }

    /** The user of a Sysmon event's System/Security/@UserID; Security events have none. */
    @Nullable String userSid() {
      return type.sysmon() ? "S-1-5-18" : null;
    }
  }

  private final Kind kind;
  private final Random rnd;
  private final String[] hosts;
  private final String[] users;
  private final int[] sysmonPids;
  private final String[] agentIds;
  private final String tenant;
  private final List<Template> sysmon;
  private final List<Template> security;
  private long record = 200_000;

  WinJsonLines(Kind kind, Random rnd, String[] hosts, String[] users) {
    if (!kind.windowsJson()) {
      throw new IllegalArgumentException("kind must be a JSON rendering of Windows events but was " + kind.id());
    }
    this.kind = kind;
    this.rnd = rnd;
    this.hosts = hosts;
    this.users = users;
    this.sysmonPids = new int[hosts.length];
    this.agentIds = new String[hosts.length];
    for (int i = 0; i < hosts.length; i++) {
      sysmonPids[i] = 1800 + rnd.nextInt(3000);
      agentIds[i] = CorpusGenerator.uuid(rnd);
    }
    this.tenant = CorpusGenerator.uuid(rnd);
    this.sysmon = templates(Kind.SYSMON);
    this.security = templates(Kind.SECURITY_4688);
  }

  /**
   * The next line: a process creation that is a devtunnel execution when {@code match}, else any
   * event of the kind's providers.
   */
  String next(long millis, boolean match) {
    Instant now = Instant.ofEpochMilli(millis).plusNanos(rnd.nextInt(10_000) * 100L);
    boolean onSysmon = kind != Kind.SENTINEL && rnd.nextInt(100) < 55;
    boolean creation = match || rnd.nextInt(4) != 0;
    int host = rnd.nextInt(hosts.length);
    Event e;
    if (creation) {
      e = onSysmon ? processCreate(now, host, match) : newProcess(now, host, match);
    } else {
      List<EventType> types = onSysmon ? OTHER_SYSMON : OTHER_SECURITY;
      EventType type = types.get(rnd.nextInt(types.size()));
      e = new Event(type, otherData(type, now, host), now, record++, host, 100 + rnd.nextInt(9000));
    }
    Map<String, Object> object = switch (kind) {
      case EVTX_DUMP -> evtxDump(e);
      case ECS -> ecsIngested(e);
      case ECS_RAW -> ecsRaw(e);
      case NXLOG -> nxlog(e);
      case HELK -> helk(e);
      case SENTINEL -> sentinel(e);
      default -> throw new IllegalStateException("not a JSON kind: " + kind);
    };
    StringWriter w = new StringWriter(4096);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      write(g, object);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return w.toString();
  }

  // ---- the events

  private Event processCreate(Instant now, int host, boolean match) {
    Template t = sysmon.get(rnd.nextInt(sysmon.size()));
    Map<String, String> d = new LinkedHashMap<>(t.data());
    String user = users[rnd.nextInt(users.length)];
    d.put("UtcTime", UTC_TIME.format(now.minusMillis(20 + rnd.nextInt(30))));
    d.put("ProcessGuid", CorpusGenerator.guid(rnd));
    d.put("ProcessId", Integer.toString(4 + rnd.nextInt(60_000)));
    d.put("User", domainUser(user));
    if (match) {
      String name = CorpusGenerator.DEVTUNNEL_NAMES[rnd.nextInt(CorpusGenerator.DEVTUNNEL_NAMES.length)];
      // One in four is a renamed copy: found by its OriginalFileName only.
      String file = rnd.nextInt(4) == 0 ? "dt-helper.exe" : name;
      d.put("Image", "C:\\Users\\" + user + "\\AppData\\Local\\Temp\\" + file);
      d.put("OriginalFileName", "devtunnel.dll");
      d.put("CommandLine", file + CorpusGenerator.DEVTUNNEL_ARGS[rnd.nextInt(CorpusGenerator.DEVTUNNEL_ARGS.length)]);
    }
    return new Event(t.type(), d, now, record++, host, 100 + rnd.nextInt(9000));
  }

  private Event newProcess(Instant now, int host, boolean match) {
    Template t = security.get(rnd.nextInt(security.size()));
    Map<String, String> d = new LinkedHashMap<>(t.data());
    String user = users[rnd.nextInt(users.length)];
    d.put("NewProcessId", "0x" + Integer.toHexString(4 + rnd.nextInt(60_000)));
    d.put("SubjectUserName", user);
    if (match) {
      String name = CorpusGenerator.DEVTUNNEL_NAMES[rnd.nextInt(CorpusGenerator.DEVTUNNEL_NAMES.length)];
      String path = "C:\\Users\\" + user + "\\Downloads\\" + name;
      d.put("NewProcessName", path);
      d.put("CommandLine", "\"" + path + "\"" + CorpusGenerator.DEVTUNNEL_ARGS[rnd.nextInt(CorpusGenerator.DEVTUNNEL_ARGS.length)]);
    }
    return new Event(t.type(), d, now, record++, host, 100 + rnd.nextInt(9000));
  }

  /** EventData of the other event ids, with the processes of the real events. */
  private Map<String, String> otherData(EventType type, Instant now, int host) {
    Map<String, String> t = sysmon.get(rnd.nextInt(sysmon.size())).data();
    String image = t.getOrDefault("Image", "C:\\Windows\\System32\\svchost.exe");
    String user = users[rnd.nextInt(users.length)];
    String pid = Integer.toString(4 + rnd.nextInt(60_000));
    String utc = UTC_TIME.format(now.minusMillis(20 + rnd.nextInt(30)));
    Map<String, String> d = new LinkedHashMap<>();
    switch (type.id()) {
      case 3 -> {
        sysmonHead(d, utc, pid, image);
        d.put("User", domainUser(user));
        d.put("Protocol", "tcp");
        d.put("Initiated", "true");
        d.put("SourceIsIpv6", "false");
        d.put("SourceIp", "10.20." + rnd.nextInt(256) + "." + rnd.nextInt(256));
        d.put("SourceHostname", hosts[host]);
        d.put("SourcePort", Integer.toString(49152 + rnd.nextInt(16000)));
        d.put("SourcePortName", "-");
        d.put("DestinationIsIpv6", "false");
        d.put("DestinationIp", (13 + rnd.nextInt(200)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256));
        d.put("DestinationHostname", "-");
        d.put("DestinationPort", "443");
        d.put("DestinationPortName", "https");
      }
      case 5 -> {
        sysmonHead(d, utc, pid, image);
        d.put("User", domainUser(user));
      }
      case 11 -> {
        sysmonHead(d, utc, pid, image);
        d.put("TargetFilename", "C:\\Users\\" + user + "\\AppData\\Local\\Temp\\" + CorpusGenerator.hex(rnd, 8) + ".tmp");
        d.put("CreationUtcTime", utc);
        d.put("User", domainUser(user));
      }
      case 13 -> {
        d.put("RuleName", "-");
        d.put("EventType", "SetValue");
        d.put("UtcTime", utc);
        d.put("ProcessGuid", CorpusGenerator.guid(rnd));
        d.put("ProcessId", pid);
        d.put("Image", image);
        d.put("TargetObject", "HKU\\S-1-5-21-3940915590-64593676-1414006259-" + (1000 + rnd.nextInt(500))
            + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\MRUListEx");
        d.put("Details", "Binary Data");
        d.put("User", domainUser(user));
      }
      case 4624 -> {
        subject(d, "S-1-5-18", hostAccount(host), "CORP", "0x3e7");
        d.put("TargetUserSid", "S-1-5-21-3940915590-64593676-1414006259-" + (1000 + rnd.nextInt(500)));
        d.put("TargetUserName", user);
        d.put("TargetDomainName", "CORP");
        d.put("TargetLogonId", "0x" + Integer.toHexString(0x10000 + rnd.nextInt(0xfffff)));
        d.put("LogonType", "3");
        d.put("LogonProcessName", "Kerberos");
        d.put("AuthenticationPackageName", "Kerberos");
        d.put("WorkstationName", "-");
        d.put("LogonGuid", CorpusGenerator.guid(rnd));
        d.put("TransmittedServices", "-");
        d.put("LmPackageName", "-");
        d.put("KeyLength", "0");
        d.put("ProcessId", "0x0");
        d.put("ProcessName", "-");
        d.put("IpAddress", "10.20." + rnd.nextInt(256) + "." + rnd.nextInt(256));
        d.put("IpPort", Integer.toString(49152 + rnd.nextInt(16000)));
        d.put("ImpersonationLevel", "%%1833");
        d.put("RestrictedAdminMode", "-");
        d.put("TargetOutboundUserName", "-");
        d.put("TargetOutboundDomainName", "-");
        d.put("VirtualAccount", "%%1843");
        d.put("TargetLinkedLogonId", "0x0");
        d.put("ElevatedToken", "%%1842");
      }
      case 4672 -> {
        subject(d, "S-1-5-18", "SYSTEM", "NT AUTHORITY", "0x3e7");
        d.put("PrivilegeList", "SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeTcbPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\t"
            + "SeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\t"
            + "SeDebugPrivilege\r\n\t\t\tSeAuditPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege");
      }
      case 4689 -> {
        subject(d, "S-1-5-21-3940915590-64593676-1414006259-" + (1000 + rnd.nextInt(500)), user, "CORP",
            "0x" + Integer.toHexString(0x10000 + rnd.nextInt(0xfffff)));
        d.put("Status", "0x0");
        d.put("ProcessId", "0x" + Integer.toHexString(4 + rnd.nextInt(60_000)));
        d.put("ProcessName", image);
      }
      default -> throw new IllegalStateException("no data for event id " + type.id());
    }
    return d;
  }

  private void sysmonHead(Map<String, String> d, String utc, String pid, String image) {
    d.put("RuleName", "-");
    d.put("UtcTime", utc);
    d.put("ProcessGuid", CorpusGenerator.guid(rnd));
    d.put("ProcessId", pid);
    d.put("Image", image);
  }

  private static void subject(Map<String, String> d, String sid, String name, String domain, String logonId) {
    d.put("SubjectUserSid", sid);
    d.put("SubjectUserName", name);
    d.put("SubjectDomainName", domain);
    d.put("SubjectLogonId", logonId);
  }

  private String hostAccount(int host) {
    String h = hosts[host];
    int dot = h.indexOf('.');
    return (dot < 0 ? h : h.substring(0, dot)).toUpperCase(Locale.ROOT) + "$";
  }

  private static String domainUser(String user) {
    return (user.equals("SYSTEM") ? "NT AUTHORITY\\" : "CORP\\") + user;
  }

  // ---- the forms

  /** The Rust evtx crate: attributes under {@code #attributes}, typed values, GUIDs without braces. */
  private Map<String, Object> evtxDump(Event e) {
    EventType type = e.type;
    Map<String, Object> system = new LinkedHashMap<>();
    system.put("Provider", attributes("Name", type.provider(), "Guid", braceless(providerGuid(type))));
    system.put("EventID", (long) type.id());
    system.put("Version", (long) type.version());
    system.put("Level", (long) type.level());
    system.put("Task", (long) type.task());
    system.put("Opcode", 0L);
    system.put("Keywords", type.keywords());
    system.put("TimeCreated", attributes("SystemTime", MICROS.format(e.time)));
    system.put("EventRecordID", e.record);
    system.put("Correlation", NULL);
    system.put("Execution", attributes("ProcessID", (long) executionPid(e), "ThreadID", (long) e.threadId));
    system.put("Channel", channel(type));
    system.put("Computer", hosts[e.host]);
    String sid = e.userSid();
    system.put("Security", sid == null ? NULL : attributes("UserID", sid));
    Map<String, Object> data = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : e.data.entrySet()) {
      data.put(p.getKey(), evtxValue(p.getKey(), p.getValue()));
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("#attributes", Map.of("xmlns", NAMESPACE));
    event.put("System", system);
    event.put("EventData", data);
    return Map.of("Event", event);
  }

  private static Object evtxValue(String name, String value) {
    if (value.isEmpty()) {
      return NULL;
    }
    if (EVTX_NUMBERS.contains(name) && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(value);
    }
    if (EVTX_BOOLEANS.contains(name)) {
      return Boolean.parseBoolean(value);
    }
    return isGuid(value) ? braceless(value) : value;
  }

  /** Winlogbeat without the ingest pipeline: every EventData value a string under {@code winlog.event_data}. */
  private Map<String, Object> ecsRaw(Event e) {
    Map<String, Object> doc = ecsHead(e, MILLIS.format(e.time));
    put(doc, "event.action", e.type.action());
    for (Map.Entry<String, String> p : e.data.entrySet()) {
      if (!p.getValue().isEmpty()) {
        put(doc, "winlog.event_data." + p.getKey(), p.getValue());
      }
    }
    return doc;
  }

  /**
   * Winlogbeat through Elastic's ingest pipeline: the process, user and hashes moved to ECS fields
   * and out of {@code winlog.event_data}, Sysmon's {@code UtcTime} made the {@code @timestamp}.
   */
  private Map<String, Object> ecsIngested(Event e) {
    EventType type = e.type;
    String utc = e.data.get("UtcTime");
    Map<String, Object> doc = ecsHead(e, utc == null ? SEVEN.format(e.time) : MILLIS.format(utcTime(utc)));
    put(doc, "event.action", type.action());
    put(doc, "event.module", type.sysmon() ? "sysmon" : "security");
    put(doc, "event.ingested", MILLIS.format(e.time.plusSeconds(3)));
    if (type.id() == 1 || type.id() == 4688) {
      put(doc, "event.category", List.of("process"));
      put(doc, "event.type", List.of("start"));
    }
    Map<String, String> left = new LinkedHashMap<>(e.data);
    left.remove("UtcTime");
    left.remove("RuleName");
    if (type.sysmon()) {
      String image = left.remove("Image");
      if (image != null) {
        put(doc, "process.executable", image);
        put(doc, "process.name", name(image));
      }
      put(doc, "process.entity_id", left.remove("ProcessGuid"));
      putLong(doc, "process.pid", left.remove("ProcessId"));
      String user = left.remove("User");
      if (user != null) {
        int slash = user.indexOf('\\');
        put(doc, "user.domain", user.substring(0, slash));
        put(doc, "user.name", user.substring(slash + 1));
        put(doc, "user.id", "S-1-5-18");
        put(doc, "related.user", List.of(user.substring(slash + 1)));
      }
      if (type.id() == 1) {
        commandLine(doc, "process.", left.remove("CommandLine"));
        put(doc, "process.working_directory", left.remove("CurrentDirectory"));
        commandLine(doc, "process.parent.", left.remove("ParentCommandLine"));
        put(doc, "process.parent.entity_id", left.remove("ParentProcessGuid"));
        putLong(doc, "process.parent.pid", left.remove("ParentProcessId"));
        String parent = left.remove("ParentImage");
        put(doc, "process.parent.executable", parent);
        put(doc, "process.parent.name", name(parent));
        put(doc, "process.pe.original_file_name", left.remove("OriginalFileName"));
        put(doc, "process.pe.company", left.get("Company"));
        put(doc, "process.pe.description", left.get("Description"));
        put(doc, "process.pe.file_version", left.get("FileVersion"));
        put(doc, "process.pe.product", left.get("Product"));
        hashes(doc, left.remove("Hashes"));
      }
    } else if (type.id() == 4688) {
      put(doc, "process.executable", left.remove("NewProcessName"));
      put(doc, "process.name", name(e.data.get("NewProcessName")));
      putLong(doc, "process.pid", hexToDecimal(left.remove("NewProcessId")));
      commandLine(doc, "process.", e.data.get("CommandLine"));
      String parent = left.remove("ParentProcessName");
      put(doc, "process.parent.executable", parent);
      put(doc, "process.parent.name", name(parent));
      putLong(doc, "process.parent.pid", hexToDecimal(e.data.get("ProcessId")));
      securityUser(doc, e);
    } else if (type.id() == 4689) {
      put(doc, "process.executable", left.remove("ProcessName"));
      put(doc, "process.name", name(e.data.get("ProcessName")));
      putLong(doc, "process.pid", hexToDecimal(left.remove("ProcessId")));
      securityUser(doc, e);
    } else {
      securityUser(doc, e);
    }
    for (Map.Entry<String, String> p : left.entrySet()) {
      if (!p.getValue().isEmpty()) {
        put(doc, "winlog.event_data." + p.getKey(), p.getValue());
      }
    }
    return doc;
  }

  /** What both ECS forms share: agent, host, log, message and the {@code winlog} System values, keys sorted. */
  private Map<String, Object> ecsHead(Event e, String timestamp) {
    EventType type = e.type;
    Map<String, Object> doc = new TreeMap<>();
    doc.put("@timestamp", timestamp);
    put(doc, "agent.ephemeral_id", agentIds[(e.host + 1) % agentIds.length]);
    put(doc, "agent.id", agentIds[e.host]);
    put(doc, "agent.name", hosts[e.host]);
    put(doc, "agent.type", "winlogbeat");
    put(doc, "agent.version", BEAT_VERSION);
    put(doc, "ecs.version", BEAT_VERSION);
    put(doc, "event.code", Integer.toString(type.id()));
    put(doc, "event.created", MILLIS.format(e.time.plusMillis(800)));
    put(doc, "event.kind", "event");
    put(doc, "event.provider", type.provider());
    if (!type.sysmon()) {
      put(doc, "event.outcome", "success");
      put(doc, "winlog.keywords", List.of("Audit Success"));
    }
    put(doc, "host.name", hosts[e.host]);
    put(doc, "log.level", "information");
    doc.put("message", message(e));
    put(doc, "winlog.api", "wineventlog");
    put(doc, "winlog.channel", channel(type));
    put(doc, "winlog.computer_name", hosts[e.host]);
    put(doc, "winlog.event_id", Integer.toString(type.id()));
    put(doc, "winlog.opcode", "Info");
    put(doc, "winlog.process.pid", (long) executionPid(e));
    put(doc, "winlog.process.thread.id", (long) e.threadId);
    put(doc, "winlog.provider_guid", providerGuid(type));
    put(doc, "winlog.provider_name", type.provider());
    put(doc, "winlog.record_id", Long.toString(e.record));
    put(doc, "winlog.task", type.taskName());
    put(doc, "winlog.version", (long) type.version());
    String sid = e.userSid();
    if (sid != null) {
      put(doc, "winlog.user.domain", "NT AUTHORITY");
      put(doc, "winlog.user.identifier", sid);
      put(doc, "winlog.user.name", "SYSTEM");
      put(doc, "winlog.user.type", "Well Known Group");
    }
    return doc;
  }

  private static void securityUser(Map<String, Object> doc, Event e) {
    String name = e.data.get("SubjectUserName");
    if (name != null) {
      put(doc, "user.domain", e.data.get("SubjectDomainName"));
      put(doc, "user.id", e.data.get("SubjectUserSid"));
      put(doc, "user.name", name);
      put(doc, "related.user", List.of(name));
      put(doc, "winlog.logon.id", e.data.get("SubjectLogonId"));
    }
  }

  private static void commandLine(Map<String, Object> doc, String prefix, @Nullable String commandLine) {
    if (commandLine != null) {
      List<String> args = args(commandLine);
      put(doc, prefix + "args", args);
      put(doc, prefix + "args_count", (long) args.size());
      put(doc, prefix + "command_line", commandLine);
    }
  }

  /** Sysmon's {@code Hashes} as the pipeline splits it: lower-case {@code process.hash.*} and {@code process.pe.imphash}. */
  private static void hashes(Map<String, Object> doc, @Nullable String hashes) {
    if (hashes == null) {
      return;
    }
    List<String> related = new ArrayList<>();
    for (String pair : hashes.split(",")) {
      int eq = pair.indexOf('=');
      String algorithm = pair.substring(0, eq).toLowerCase(Locale.ROOT);
      String hex = pair.substring(eq + 1).toLowerCase(Locale.ROOT);
      put(doc, algorithm.equals("imphash") ? "process.pe.imphash" : "process.hash." + algorithm, hex);
      related.add(hex);
    }
    put(doc, "related.hash", related);
  }

  /** NXLog {@code im_msvistalog}: its own fields first, then the EventData pairs, without the one its {@code ProcessID} hides. */
  private Map<String, Object> nxlog(Event e) {
    EventType type = e.type;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("EventTime", SECONDS.format(e.time));
    o.put("Hostname", hosts[e.host]);
    o.put("Keywords", Long.parseUnsignedLong(type.keywords().substring(2), 16));
    o.put("EventType", type.sysmon() ? "INFO" : "AUDIT_SUCCESS");
    o.put("SeverityValue", 2L);
    o.put("Severity", "INFO");
    o.put("EventID", (long) type.id());
    o.put("SourceName", type.provider());
    o.put("ProviderGuid", providerGuid(type));
    o.put("Version", (long) type.version());
    o.put("Task", (long) type.task());
    o.put("OpcodeValue", 0L);
    o.put("RecordNumber", e.record);
    o.put("ProcessID", (long) executionPid(e));
    o.put("ThreadID", (long) e.threadId);
    o.put("Channel", channel(type));
    String sid = e.userSid();
    if (sid != null) {
      o.put("Domain", "NT AUTHORITY");
      o.put("AccountName", "SYSTEM");
      o.put("UserID", sid);
      o.put("AccountType", "User");
    }
    o.put("Message", message(e));
    o.put("Category", type.taskName());
    o.put("Opcode", "Info");
    for (Map.Entry<String, String> p : e.data.entrySet()) {
      // NXLog's field names ignore case: its ProcessID replaces the event's ProcessId.
      if (!p.getValue().isEmpty() && !p.getKey().equalsIgnoreCase("ProcessID")) {
        o.put(p.getKey(), p.getValue());
      }
    }
    o.put("EventReceivedTime", SECONDS.format(e.time.plusSeconds(1)));
    o.put("SourceModuleName", "eventlog");
    o.put("SourceModuleType", "im_msvistalog");
    return o;
  }

  /**
   * HELK (OTRF's Security Datasets): every value a string but {@code EventID}, GUIDs in lower case,
   * keys in a hash table's order, no {@code UserID}, and a {@code TimeCreated} that says {@code Z}
   * of the collector's local (here UTC-4) time.
   */
  private Map<String, Object> helk(Event e) {
    EventType type = e.type;
    Map<String, Object> o = new HashMap<>();
    String local = MILLIS.format(e.time.minus(Duration.ofHours(4)));
    o.put("@timestamp", local);
    o.put("TimeCreated", local);
    o.put("SourceName", type.provider());
    o.put("Channel", channel(type));
    o.put("EventID", (long) type.id());
    o.put("Hostname", hosts[e.host]);
    o.put("Keywords", type.keywords());
    o.put("Level", Integer.toString(type.level()));
    o.put("Task", Integer.toString(type.task()));
    o.put("ProviderGuid", providerGuid(type).toLowerCase(Locale.ROOT));
    o.put("Message", message(e));
    for (Map.Entry<String, String> p : e.data.entrySet()) {
      String v = p.getValue();
      o.put(p.getKey(), isGuid(v) ? v.toLowerCase(Locale.ROOT) : v);
    }
    return o;
  }

  /** A Sentinel {@code SecurityEvent} row: the EventData XML, and its pairs again as columns. */
  private Map<String, Object> sentinel(Event e) {
    EventType type = e.type;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("TenantId", tenant);
    o.put("TimeGenerated", SEVEN.format(e.time));
    StringBuilder xml = new StringBuilder("<EventData>\n");
    for (Map.Entry<String, String> p : e.data.entrySet()) {
      xml.append("<Data Name='").append(p.getKey()).append("'>").append(xmlText(p.getValue())).append("</Data>\n");
    }
    o.put("EventData", xml.append("</EventData>\n").toString());
    o.put("EventID", (long) type.id());
    o.put("Version", (long) type.version());
    o.put("Level", (long) type.level());
    o.put("EventLevelName", "LogAlways");
    o.put("Task", (long) type.task());
    o.put("Opcode", "0");
    o.put("Keywords", type.keywords());
    o.put("Channel", channel(type));
    o.put("EventSourceName", type.provider());
    o.put("Computer", hosts[e.host]);
    o.put("Activity", type.id() + " - " + type.title());
    for (Map.Entry<String, String> p : e.data.entrySet()) {
      if (!p.getValue().isEmpty()) {
        o.put(p.getKey(), p.getValue());
      }
    }
    o.put("EventRecordId", Long.toString(e.record));
    o.put("SystemThreadId", (long) e.threadId);
    o.put("SystemProcessId", (long) executionPid(e));
    o.put("SourceSystem", "OpsManager");
    o.put("Type", "SecurityEvent");
    return o;
  }

  /** The event's rendered message, as Event Viewer shows it. */
  private static String message(Event e) {
    EventType type = e.type;
    StringBuilder m = new StringBuilder(type.title());
    if (type.sysmon()) {
      for (Map.Entry<String, String> p : e.data.entrySet()) {
        m.append("\r\n").append(p.getKey()).append(": ").append(p.getValue());
      }
    } else if (type.id() == 4688) {
      m.append("\r\n\r\nCreator Subject:\r\n");
      account(m, e, "Subject");
      m.append("\r\nTarget Subject:\r\n");
      account(m, e, "Target");
      m.append("\r\nProcess Information:\r\n");
      line(m, "New Process ID:\t", e.data("NewProcessId"));
      line(m, "New Process Name:", e.data("NewProcessName"));
      line(m, "Token Elevation Type:", e.data("TokenElevationType"));
      line(m, "Mandatory Label:\t", e.data("MandatoryLabel"));
      line(m, "Creator Process ID:", e.data("ProcessId"));
      line(m, "Creator Process Name:", e.data("ParentProcessName"));
      line(m, "Process Command Line:", e.data("CommandLine"));
      m.append("\r\n").append(TOKEN_ELEVATION_TEXT);
    } else {
      m.append("\r\n");
      for (Map.Entry<String, String> p : e.data.entrySet()) {
        line(m, p.getKey() + ":\t", p.getValue());
      }
    }
    return m.toString();
  }

  private static void account(StringBuilder m, Event e, String prefix) {
    line(m, "Security ID:\t", e.data(prefix + "UserSid"));
    line(m, "Account Name:\t", e.data(prefix + "UserName"));
    line(m, "Account Domain:\t", e.data(prefix + "DomainName"));
    line(m, "Logon ID:\t", e.data(prefix + "LogonId"));
  }

  private static void line(StringBuilder m, String label, String value) {
    m.append('\t').append(label).append('\t').append(value.isEmpty() ? "-" : value).append("\r\n");
  }

  // ---- values

  private int executionPid(Event e) {
    return e.type.sysmon() ? sysmonPids[e.host] : 4;
  }

  private static String channel(EventType type) {
    return type.sysmon() ? SYSMON_CHANNEL : "Security";
  }

  private static String providerGuid(EventType type) {
    return type.sysmon() ? "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}" : "{54849625-5478-4994-A5BA-3E3B0328C30D}";
  }

  private static boolean isGuid(String v) {
    return v.length() == 38 && v.charAt(0) == '{' && v.charAt(37) == '}' && v.charAt(9) == '-';
  }

  private static String braceless(String guid) {
    return isGuid(guid) ? guid.substring(1, 37) : guid;
  }

  private static Instant utcTime(String utcTime) {
    return Instant.parse(utcTime.replace(' ', 'T') + "Z");
  }

  private static @Nullable String hexToDecimal(@Nullable String hex) {
    return hex == null || !hex.startsWith("0x") ? null : Long.toString(Long.parseLong(hex.substring(2), 16));
  }

  private static @Nullable String name(@Nullable String path) {
    return ProcessEvent.basename(path);
  }

  /** A command line split as Windows' {@code CommandLineToArgvW} does for the common cases (quotes group, are dropped). */
  static List<String> args(String commandLine) {
    List<String> out = new ArrayList<>();
    StringBuilder arg = null;
    boolean quoted = false;
    for (int i = 0; i < commandLine.length(); i++) {
      char c = commandLine.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        arg = arg == null ? new StringBuilder() : arg;
      } else if ((c == ' ' || c == '\t') && !quoted) {
        if (arg != null) {
          out.add(arg.toString());
          arg = null;
        }
      } else {
        arg = arg == null ? new StringBuilder() : arg;
        arg.append(c);
      }
    }
    if (arg != null) {
      out.add(arg.toString());
    }
    return out;
  }

  private static String xmlText(String v) {
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
  }

  private static Map<String, Object> attributes(Object... keysAndValues) {
    Map<String, Object> a = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      a.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Map.of("#attributes", a);
  }

  /** Puts {@code value} at a dotted path of sorted objects; a null value is left out. */
  private static void put(Map<String, Object> doc, String path, @Nullable Object value) {
    if (value == null) {
      return;
    }
    Map<String, Object> at = doc;
    int start = 0;
    for (int dot = path.indexOf('.'); dot >= 0; start = dot + 1, dot = path.indexOf('.', start)) {
      @SuppressWarnings("unchecked") // every object on a path is one this method put there
      Map<String, Object> inner = (Map<String, Object>) at.computeIfAbsent(path.substring(start, dot), k -> new TreeMap<>());
      at = inner;
    }
    at.put(path.substring(start), value);
  }

  private static void putLong(Map<String, Object> doc, String path, @Nullable String decimal) {
    put(doc, path, decimal == null ? null : Long.parseLong(decimal));
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == NULL) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> p : m.entrySet()) {
        g.writeFieldName((String) p.getKey());
        write(g, p.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (value instanceof Long n) {
      g.writeNumber(n);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString((String) value);
    }
  }

  // ---- the templates

  /** The real events of a kind's corpus files, as System values and EventData pairs. */
  private static List<Template> templates(Kind xmlKind) {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    List<Template> out = new ArrayList<>();
    for (String line : CorpusGenerator.templates(xmlKind)) {
      try {
        out.add(template(f.createXMLStreamReader(new StringReader(line))));
      } catch (XMLStreamException e) {
        throw new IllegalStateException("a corpus event of " + xmlKind.id() + " is not well-formed", e);
      }
    }
    return List.copyOf(out);
  }

  private static Template template(XMLStreamReader r) throws XMLStreamException {
    int version = 0;
    Map<String, String> data = new LinkedHashMap<>();
    boolean sysmon = false;
    while (r.hasNext()) {
      if (r.next() != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      switch (r.getLocalName()) {
        case "Provider" -> sysmon = SYSMON.equals(r.getAttributeValue(null, "Name"));
        case "Version" -> version = Integer.parseInt(r.getElementText().strip());
        case "Data" -> {
          String name = r.getAttributeValue(null, "Name");
          data.put(name, r.getElementText());
        }
        default -> { }
      }
    }
    EventType base = sysmon ? PROCESS_CREATE : NEW_PROCESS;
    return new Template(new EventType(base.provider(), base.id(), version, base.task(), base.taskName(), base.action(),
        base.title()), Collections.unmodifiableMap(data));
  }

  private static DateTimeFormatter utc(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
  }
}
