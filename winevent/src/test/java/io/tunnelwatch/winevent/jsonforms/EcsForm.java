// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tunnelwatch.winevent.WinEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Winlogbeat 8's events (elastic/beats {@code winlogbeat/eventlog/eventlog.go} {@code ToEvent}),
 * raw and after the ingest pipelines {@code x-pack/winlogbeat/module/sysmon/ingest/sysmon.yml} and
 * {@code module/security/ingest/security_standard.yml}, shaped as the pipelines' golden files
 * ({@code json-shapes/ecs_winlogbeat_ingest_*.json}).
 */
final class EcsForm {
  /** The pipeline's {@code winlog.event_data} clean-up: these values count as empty. */
  private static final Set<String> EMPTY = Set.of("", "-", "{00000000-0000-0000-0000-000000000000}");

  /** Sysmon fields the pipeline moves out of (or deletes from) {@code winlog.event_data}. */
  private static final Set<String> SYSMON_MOVED = Set.of("RuleName", "Hashes", "ProcessGuid", "ProcessId",
      "Image", "CommandLine", "CurrentDirectory", "ParentProcessGuid", "ParentProcessId", "ParentImage",
      "ParentCommandLine", "OriginalFileName", "User", "UtcTime");

  /** 4688 fields the pipeline moves to {@code process.*}. */
  private static final Set<String> SECURITY_MOVED = Set.of("NewProcessId", "NewProcessName", "ParentProcessName");

  /** The security pipeline's descriptions of the %% codes of TokenElevationType. */
  private static final Map<String, String> TOKEN_ELEVATION = Map.of(
      "%%1936", "TokenElevationTypeDefault (1)",
      "%%1937", "TokenElevationTypeFull (2)",
      "%%1938", "TokenElevationTypeLimited (3)");

  private EcsForm() {}

  /** The Winlogbeat release whose output {@link #raw} writes with its Beats metadata. */
  private static final String WINLOGBEAT_VERSION = "8.17.0";

  /**
   * Winlogbeat's event without the ingest pipeline; {@code beatsMetadata} adds what Winlogbeat's
   * own outputs write around it: {@code @metadata} (the Beats JSON codec writes it right after
   * {@code @timestamp}) and {@code agent}, without its per-install {@code id} and per-run
   * {@code ephemeral_id}.
   */
  static String raw(SourceEvent source, boolean beatsMetadata) {
    WinEvent e = source.event();
    return Json.object(g -> {
      g.writeStringField("@timestamp", Values.MILLIS_Z.format(Values.systemTime(e)));
      if (beatsMetadata) {
        g.writeObjectFieldStart("@metadata");
        g.writeStringField("beat", "winlogbeat");
        g.writeStringField("type", "_doc");
        g.writeStringField("version", WINLOGBEAT_VERSION);
        g.writeEndObject();
        g.writeObjectFieldStart("agent");
        Json.string(g, "name", e.computer());
        g.writeStringField("type", "winlogbeat");
        g.writeStringField("version", WINLOGBEAT_VERSION);
        g.writeEndObject();
      }
      g.writeObjectFieldStart("ecs");
      g.writeStringField("version", "8.0.0");
      g.writeEndObject();
      event(g, source, false, null);
      common(g, source);
      g.writeObjectFieldStart("winlog");
      winlogHead(g, source);
      g.writeObjectFieldStart("event_data");
      for (int i = 0; i < e.dataCount(); i++) {
        g.writeStringField(e.dataName(i), e.dataValue(i));
      }
      g.writeEndObject();
      winlogTail(g, source, false);
      g.writeEndObject();
    });
  }

  /** The event after Elastic's ingest pipeline; {@code original} adds {@code event.original}. */
  static String ingested(SourceEvent source, boolean original) {
    WinEvent e = source.event();
    boolean sysmon = Values.isSysmon(e);
    boolean processCreation = Values.isSecurity(e) && "4688".equals(e.eventId());
    Instant utc = Values.utcTime(e);
    // The sysmon pipeline's date processor sets @timestamp from UtcTime (milliseconds); the security
    // pipeline keeps what Winlogbeat sent, which the golden file shows with all seven digits.
    String timestamp = sysmon && utc != null ? Values.MILLIS_Z.format(utc) : Values.TICKS_Z.format(Values.systemTime(e));
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < e.dataCount(); i++) {
      String value = e.dataValue(i);
      if (!sysmon || !EMPTY.contains(value)) {
        data.putIfAbsent(e.dataName(i), value);
      }
    }
    return Json.object(g -> {
      g.writeStringField("@timestamp", timestamp);
      g.writeObjectFieldStart("ecs");
      g.writeStringField("version", "8.17.0");
      g.writeEndObject();
      event(g, source, true, original ? source.xml() : null);
      common(g, source);
      if (sysmon) {
        sysmonProcess(g, data, e.userId());
      } else if (processCreation) {
        securityProcess(g, data);
      }
      g.writeObjectFieldStart("winlog");
      winlogHead(g, source);
      g.writeObjectFieldStart("event_data");
      for (Map.Entry<String, String> d : data.entrySet()) {
        boolean moved = sysmon ? SYSMON_MOVED.contains(d.getKey())
            : processCreation && SECURITY_MOVED.contains(d.getKey());
        if (!moved) {
          String value = !sysmon && d.getKey().equals("TokenElevationType")
              ? TOKEN_ELEVATION.getOrDefault(d.getValue(), d.getValue()) : d.getValue();
          g.writeStringField(d.getKey(), value);
        }
      }
      g.writeEndObject();
      if (processCreation && data.get("SubjectLogonId") != null) {
        g.writeObjectFieldStart("logon");
        g.writeStringField("id", data.get("SubjectLogonId"));
        g.writeEndObject();
      }
      winlogTail(g, source, true);
      g.writeEndObject();
    });
  }

  /**
   * {@code event.*}: Winlogbeat's ({@code created} is the read time; here the event's own time, so
   * that renderings repeat), plus the pipeline's categorization when {@code ingested}.
   */
  private static void event(JsonGenerator g, SourceEvent source, boolean ingested, @Nullable String original)
      throws IOException {
    WinEvent e = source.event();
    String module = !ingested ? null : Values.isSysmon(e) ? "sysmon" : Values.isSecurity(e) ? "security" : null;
    String action = Values.taskName(e, source.system());
    boolean categorized = false;
    if ("sysmon".equals(module) && "1".equals(e.eventId())) {
      action = "Process creation";
      categorized = true;
    } else if ("security".equals(module) && "4688".equals(e.eventId())) {
      action = "created-process";
      categorized = true;
    }
    g.writeObjectFieldStart("event");
    g.writeStringField("action", action);
    if (categorized) {
      Json.strings(g, "category", List.of("process"));
    }
    g.writeStringField("code", e.eventId());
    g.writeStringField("created", Values.MILLIS_Z.format(Values.systemTime(e)));
    g.writeStringField("kind", "event");
    Json.string(g, "module", module);
    Json.string(g, "original", original);
    if (Values.auditSuccess(source.system())) {
      g.writeStringField("outcome", "success");
    }
    g.writeStringField("provider", e.provider());
    if (categorized) {
      Json.strings(g, "type", List.of("start"));
    }
    g.writeEndObject();
  }

  /**
   * The sysmon pipeline's {@code process}, {@code related}, {@code rule} and {@code user}, from the
   * event data left after its clean-up (no empty, {@code -} or all-zero GUID values).
   */
  private static void sysmonProcess(JsonGenerator g, Map<String, String> data, @Nullable String userId)
      throws IOException {
    Map<String, String> hashes = new LinkedHashMap<>();
    String hashText = data.get("Hashes");
    if (hashText != null) {
      for (String pair : hashText.split(",", -1)) {
        int eq = pair.indexOf('=');
        String value = eq < 0 ? "" : pair.substring(eq + 1).toLowerCase(Locale.ROOT);
        if (eq > 0 && !value.matches("0*")) {
          hashes.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), value);
        }
      }
    }
    String imphash = hashes.remove("imphash");
    g.writeObjectFieldStart("process");
    commandLine(g, data.get("CommandLine"));
    Json.string(g, "entity_id", data.get("ProcessGuid"));
    String executable = data.get("Image");
    Json.string(g, "executable", executable);
    if (hashText != null) {
      g.writeObjectFieldStart("hash");
      for (Map.Entry<String, String> h : hashes.entrySet()) {
        g.writeStringField(h.getKey(), h.getValue());
      }
      g.writeEndObject();
    }
    Json.string(g, "name", sysmonName(executable));
    String parentExecutable = data.get("ParentImage");
    if (parentExecutable != null || data.get("ParentCommandLine") != null || data.get("ParentProcessGuid") != null
        || data.get("ParentProcessId") != null) {
      g.writeObjectFieldStart("parent");
      commandLine(g, data.get("ParentCommandLine"));
      Json.string(g, "entity_id", data.get("ParentProcessGuid"));
      Json.string(g, "executable", parentExecutable);
      Json.string(g, "name", sysmonName(parentExecutable));
      pid(g, Values.decimal(data.get("ParentProcessId")));
      g.writeEndObject();
    }
    g.writeObjectFieldStart("pe");
    Json.string(g, "company", data.get("Company"));
    Json.string(g, "description", data.get("Description"));
    Json.string(g, "file_version", data.get("FileVersion"));
    Json.string(g, "imphash", imphash);
    Json.string(g, "original_file_name", data.get("OriginalFileName"));
    Json.string(g, "product", data.get("Product"));
    g.writeEndObject();
    pid(g, Values.decimal(data.get("ProcessId")));
    Json.string(g, "working_directory", data.get("CurrentDirectory"));
    g.writeEndObject();

    String[] user = data.containsKey("User") ? data.get("User").split("\\\\", -1) : new String[0];
    String userName = user.length == 2 && !user[1].isEmpty() ? user[1] : null;
    List<String> related = new ArrayList<>(hashes.values());
    if (imphash != null) {
      related.add(imphash);
    }
    if (!related.isEmpty() || userName != null) {
      g.writeObjectFieldStart("related");
      if (!related.isEmpty()) {
        Json.strings(g, "hash", related);
      }
      if (userName != null) {
        Json.strings(g, "user", List.of(userName));
      }
      g.writeEndObject();
    }
    if (data.get("RuleName") != null) {
      g.writeObjectFieldStart("rule");
      g.writeStringField("name", data.get("RuleName"));
      g.writeEndObject();
    }
    if (user.length == 2 || userId != null) {
      g.writeObjectFieldStart("user");
      Json.string(g, "domain", user.length == 2 && !user[0].isEmpty() ? user[0] : null);
      Json.string(g, "id", userId);
      Json.string(g, "name", userName);
      g.writeEndObject();
    }
  }

  /** The security pipeline's "Process Event 4688" script and its user copies. */
  private static void securityProcess(JsonGenerator g, Map<String, String> data) throws IOException {
    g.writeObjectFieldStart("process");
    String commandLine = data.get("CommandLine");
    if (commandLine != null) {
      Json.strings(g, "args", splitOnUnquotedWhiteSpace(commandLine));
      g.writeStringField("command_line", commandLine);
    }
    String executable = data.get("NewProcessName");
    Json.string(g, "executable", executable);
    Json.string(g, "name", lastSegment(executable));
    String parent = data.get("ParentProcessName");
    Long parentPid = decode(data.get("ProcessId"));
    if (parent != null || parentPid != null) {
      g.writeObjectFieldStart("parent");
      Json.string(g, "executable", parent);
      Json.string(g, "name", lastSegment(parent));
      pid(g, parentPid);
      g.writeEndObject();
    }
    pid(g, decode(data.get("NewProcessId")));
    g.writeEndObject();

    List<String> related = new ArrayList<>();
    String subjectName = data.get("SubjectUserName");
    if (subjectName != null) {
      related.add(subjectName);
    }
    String targetName = present(data.get("TargetUserName"));
    if (targetName != null && !related.contains(targetName)) {
      related.add(targetName);
    }
    if (!related.isEmpty()) {
      g.writeObjectFieldStart("related");
      Json.strings(g, "user", related);
      g.writeEndObject();
    }
    g.writeObjectFieldStart("user");
    Json.string(g, "domain", data.get("SubjectDomainName"));
    String targetId = present(data.get("TargetUserSid"));
    String targetDomain = present(data.get("TargetDomainName"));
    if (targetId != null || targetName != null || targetDomain != null) {
      g.writeObjectFieldStart("effective");
      Json.string(g, "domain", targetDomain);
      Json.string(g, "id", targetId);
      Json.string(g, "name", targetName);
      g.writeEndObject();
    }
    Json.string(g, "id", data.get("SubjectUserSid"));
    Json.string(g, "name", subjectName);
    g.writeEndObject();
  }

  private static void commandLine(JsonGenerator g, @Nullable String commandLine) throws IOException {
    if (commandLine != null) {
      List<String> args = windowsArgv(commandLine);
      Json.strings(g, "args", args);
      g.writeNumberField("args_count", args.size());
      g.writeStringField("command_line", commandLine);
    }
  }

  private static void pid(JsonGenerator g, @Nullable Long pid) throws IOException {
    if (pid != null) {
      g.writeNumberField("pid", pid);
    }
  }

  /** The security pipeline's rule: a value that is empty or {@code -} is not copied. */
  private static @Nullable String present(@Nullable String value) {
    return value == null || value.isEmpty() || value.equals("-") ? null : value;
  }

  /** Painless {@code Long.decode}: {@code 0x} hexadecimal or decimal. */
  private static @Nullable Long decode(@Nullable String value) {
    Long hex = Values.hex(value);
    return hex != null ? hex : Values.decimal(value);
  }

  /** The sysmon pipeline's process name: after the last backslash, none without one. */
  private static @Nullable String sysmonName(@Nullable String path) {
    if (path == null || path.length() <= 1) {
      return null;
    }
    int slash = path.lastIndexOf('\\');
    return slash < 0 || slash == path.length() - 1 ? null : path.substring(slash + 1);
  }

  /** The security pipeline's process name: {@code splitOnToken("\\")}, last part. */
  private static @Nullable String lastSegment(@Nullable String path) {
    return path == null ? null : path.substring(path.lastIndexOf('\\') + 1);
  }

  /**
   * The security pipeline's argument split: at white space outside double quotes, quotes kept,
   * an empty argument between two spaces kept.
   */
  static List<String> splitOnUnquotedWhiteSpace(String commandLine) {
    List<String> args = new ArrayList<>();
    int start = 0;
    boolean inQuote = false;
    for (int i = 0; i < commandLine.length(); i++) {
      char c = commandLine.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
      }
      if (Character.isWhitespace(c) && !inQuote) {
        args.add(commandLine.substring(start, i));
        start = i + 1;
      }
      if (i == commandLine.length() - 1) {
        args.add(commandLine.substring(Math.min(start, i + 1), i + 1));
      }
    }
    return args;
  }

  /**
   * The sysmon pipeline's {@code commandLineToArgv}, Windows' rules: arguments split at unquoted
   * spaces and tabs, {@code 2n} backslashes before a quote give {@code n} and toggle quoting,
   * {@code 2n+1} give {@code n} and a literal quote, {@code ""} inside quotes a literal quote.
   */
  static List<String> windowsArgv(String commandLine) {
    List<String> args = new ArrayList<>();
    int i = 0;
    int n = commandLine.length();
    while (i < n) {
      char c = commandLine.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      StringBuilder arg = new StringBuilder();
      boolean inQuote = false;
      int slashes = 0;
      for (; i < n; i++) {
        c = commandLine.charAt(i);
        if ((c == ' ' || c == '\t') && !inQuote) {
          break;
        }
        if (c == '"') {
          arg.append("\\".repeat(slashes / 2));
          if (slashes % 2 == 0) {
            if (inQuote && i + 1 < n && commandLine.charAt(i + 1) == '"') {
              arg.append('"');
              i++;
            }
            inQuote = !inQuote;
          } else {
            arg.append('"');
          }
          slashes = 0;
        } else if (c == '\\') {
          slashes++;
        } else {
          arg.append("\\".repeat(slashes)).append(c);
          slashes = 0;
        }
      }
      args.add(arg.append("\\".repeat(slashes)).toString());
      i++; // past the separator
    }
    return args;
  }

  private static void common(JsonGenerator g, SourceEvent source) throws IOException {
    WinEvent e = source.event();
    g.writeObjectFieldStart("host");
    Json.string(g, "name", e.computer());
    g.writeEndObject();
    g.writeObjectFieldStart("log");
    g.writeStringField("level", Values.levelName(source.system()).toLowerCase(Locale.ROOT));
    g.writeEndObject();
    g.writeStringField("message", Messages.render(e, "\n", UnaryOperator.identity()));
  }

  private static void winlogHead(JsonGenerator g, SourceEvent source) throws IOException {
    g.writeStringField("api", "wineventlog");
    g.writeStringField("channel", source.system().channel());
    Json.string(g, "computer_name", source.event().computer());
  }

  private static void winlogTail(JsonGenerator g, SourceEvent source, boolean ingested) throws IOException {
    WinEvent e = source.event();
    EventSystem s = source.system();
    g.writeStringField("event_id", e.eventId());
    if (Values.auditSuccess(s)) {
      Json.strings(g, "keywords", List.of("Audit Success"));
    }
    g.writeStringField("opcode", Values.opcodeName(s));
    g.writeObjectFieldStart("process");
    g.writeNumberField("pid", s.processId());
    g.writeObjectFieldStart("thread");
    g.writeNumberField("id", s.threadId());
    g.writeEndObject();
    g.writeEndObject();
    Json.string(g, "provider_guid", s.providerGuid() == null ? null : Values.bracedUpper(s.providerGuid()));
    g.writeStringField("provider_name", e.provider());
    if (ingested) {
      g.writeStringField("record_id", String.valueOf(s.recordId())); // the pipelines convert it
    } else {
      g.writeNumberField("record_id", s.recordId());
    }
    g.writeStringField("task", Values.taskName(e, s));
    if (e.userId() != null) {
      g.writeObjectFieldStart("user");
      Values.Account account = Values.account(e.userId());
      if (account != null) {
        g.writeStringField("domain", account.domain());
      }
      g.writeStringField("identifier", e.userId());
      if (account != null) {
        g.writeStringField("name", account.name());
        g.writeStringField("type", account.winlogbeatType());
      }
      g.writeEndObject();
    }
    Json.numberOrString(g, "version", e.version());
  }
}
