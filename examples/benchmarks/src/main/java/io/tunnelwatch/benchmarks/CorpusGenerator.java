// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A seeded, realistic synthetic corpus: real events from {@code shared/corpus} (Sysmon Event ID 1
 * and Security 4688 in the Splunk rendering, CrowdStrike FDR ProcessRollup2) used as templates, with
 * fresh times, record numbers, ids, GUIDs, hosts and users, and a given share of devtunnel
 * executions. CrowdStrike streams also carry an {@code AidMaster} line now and then, which teaches
 * the adapter the host names of the agent ids. The JSON kinds render the Sysmon and 4688 events,
 * and other events of both providers, as the tools of DESIGN.md section 4.3 write them
 * ({@link WinJsonLines}). The same seed gives the same lines.
 *
 * <p>Run as a program to write a file of a given size (for the comparison with {@code grep}):
 * {@code java -cp benchmarks.jar io.tunnelwatch.benchmarks.CorpusGenerator sysmon 1g /tmp/sysmon.xml [matchRate] [seed]}.
 * Not thread-safe.
 */
public final class CorpusGenerator {
  /** The kinds of line the generator writes. */
  public enum Kind {
    /** Sysmon Event ID 1, Splunk XmlWinEventLog rendering. */
    SYSMON("sysmon", "sysmon_eid1.splunk.xml", "sysmon_eventid_1.example_log.xml"),
    /** Security 4688, Splunk XmlWinEventLog rendering. */
    SECURITY_4688("4688", "security_4688.splunk.xml", "windows_event_log_security_4688.example_log.xml"),
    /** CrowdStrike FDR ProcessRollup2 JSON, with occasional AidMaster lines. */
    CROWDSTRIKE("crowdstrike", "panther_fdr_processrollup2_win.jsonl", "crowdstrike_processrollup2.example_log.json"),
    /**
     * CrowdStrike FDR as real exports are: the same events with every {@code CommandLine} and
     * {@code ImageFileName} a path under {@code C:\\Program Files} or the like, so that the lines are
     * full of escaped backslashes ({@code \\}, some before a lower-case {@code u}).
     */
    CROWDSTRIKE_PATHS("fdr-paths", "panther_fdr_processrollup2_win.jsonl", "crowdstrike_processrollup2.example_log.json"),
    /** Sysmon and Security events as the Rust {@code evtx} crate's {@code evtx_dump} writes them (see {@link WinJsonLines}). */
    EVTX_DUMP("evtxdump"),
    /** Sysmon and Security events as Winlogbeat writes them through Elastic's ingest pipeline. */
    ECS("ecs"),
    /** Sysmon and Security events as Winlogbeat 8 writes them without the ingest pipeline. */
    ECS_RAW("ecs-raw"),
    /** Sysmon and Security events as NXLog's {@code im_msvistalog} writes them with {@code to_json()}. */
    NXLOG("nxlog"),
    /** Sysmon and Security events as HELK (OTRF's Security Datasets) keeps them. */
    HELK("helk"),
    /** Security events as rows of Microsoft Sentinel's {@code SecurityEvent} table. */
    SENTINEL("sentinel");

    private final String id;
    private final @Nullable String corpusFile;
    private final @Nullable String exampleFile;

    Kind(String id) {
      this(id, null, null);
    }

    Kind(String id, @Nullable String corpusFile, @Nullable String exampleFile) {
      this.id = id;
      this.corpusFile = corpusFile;
      this.exampleFile = exampleFile;
    }

    /** The kind's name on a command line and in a JMH parameter. */
    public String id() {
      return id;
    }

    /**
     * Whether the lines are Windows events rendered as JSON: read through winevent's container, which
     * recognises the file by its first object, not claimed line by line by a format.
     */
    public boolean windowsJson() {
      return corpusFile == null;
    }

    /** The kind named on a command line: its {@link #id()}, or {@code security_4688} or {@code cs}. */
    public static Kind parse(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      for (Kind k : values()) {
        if (k.id.equals(n)) {
          return k;
        }
      }
      return switch (n) {
        case "security_4688" -> SECURITY_4688;
        case "cs" -> CROWDSTRIKE;
        default -> throw new IllegalArgumentException("kind must be one of " + ids() + " but was " + name);
      };
    }

    private static String ids() {
      StringBuilder b = new StringBuilder();
      for (Kind k : values()) {
        b.append(b.length() == 0 ? "" : ", ").append(k.id);
      }
      return b.toString();
    }
  }

  /** One AidMaster line per this many CrowdStrike lines, on average. */
  private static final int AID_MASTER_EVERY = 500;

  private static final DateTimeFormatter SYSTEM_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final String[] DEVTUNNEL_NAMES = {"devtunnel.exe", "DevTunnel.exe", "DEVTUNNEL.EXE"};
  static final String[] DEVTUNNEL_ARGS = {
    " host -p 8080 --allow-anonymous", " user login -g -d", " host -p 3389", " port create -p 445",
  };
  /**
   * Command lines of {@link Kind#CROWDSTRIKE_PATHS} as Windows writes them (JSON-escaped when used),
   * {@code %u} for a user: the executable's path first (quoted or not), then arguments with more paths.
   */
  static final String[] FDR_COMMAND_LINES = {
    """
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer \
    --user-data-dir="C:\\Users\\%u\\AppData\\Local\\Google\\Chrome\\User Data" \
    --extension-path="C:\\Program Files\\Google\\Chrome\\Application\\128.0.6613.120\\extensions" /prefetch:1""",
    """
    "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle \
    /profile "C:\\Users\\%u\\AppData\\Roaming\\Microsoft\\Outlook\\Outlook.pst\"""",
    "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
    """
    "C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /ua /installsource scheduler \
    /log "C:\\ProgramData\\Microsoft\\EdgeUpdate\\Log\\update.log\"""",
    """
    "C:\\Program Files\\Microsoft VS Code\\Code.exe" "c:\\users\\%u\\source\\repos\\app\\src\\update\\updater.ts\"""",
    """
    "C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.20.11781.0_x64__8wekyb3d8bbwe\\WindowsTerminal.exe" \
    -d "C:\\Users\\%u\\Documents\\Projects\\tools\"""",
    """
    C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NoProfile \
    -File "C:\\Program Files\\Contoso\\Agent\\scripts\\uninstall.ps1" -Log "C:\\Windows\\Temp\\agent.log\"""",
    "\"C:\\Program Files\\Git\\mingw64\\bin\\git.exe\" -C \"C:\\Users\\%u\\source\\repos\\app\" fetch --quiet origin",
    "C:\\Windows\\system32\\cmd.exe /d /c \"C:\\Program Files\\Contoso\\Agent\\bin\\collect.bat\" \"C:\\Users\\%u\\AppData\\Local\\Temp\"",
  };

  private final Kind kind;
  private final Random rnd;
  private final double matchRate;
  private final List<String> templates;
  private final @Nullable WinJsonLines windowsJson;
  private final String[] hosts = new String[64];
  private final String[] aids = new String[hosts.length];
  private final String[] users = new String[40];
  private long millis;
  private long record = 100_000;
  private long lines;
  private long matches;

  /**
   * A generator.
   *
   * @param matchRate the share of lines that are devtunnel executions, from 0 to 1
   * @throws IllegalArgumentException when the rate is out of range
   */
  public CorpusGenerator(Kind kind, long seed, double matchRate) {
    if (!(matchRate >= 0 && matchRate <= 1)) {
      throw new IllegalArgumentException("matchRate must be between 0 and 1 but was " + matchRate);
    }
    this.kind = Objects.requireNonNull(kind, "kind");
    this.rnd = new Random(seed);
    this.matchRate = matchRate;
    this.templates = templates(kind);
    this.millis = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli() + rnd.nextInt(86_400_000);
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = (i % 3 == 0 ? "WKS-" : i % 3 == 1 ? "LAPTOP-" : "srv-app-") + (1000 + rnd.nextInt(9000))
          + (i % 2 == 0 ? ".corp.example.com" : "");
      aids[i] = hex(rnd, 32);
    }
    for (int i = 0; i < users.length; i++) {
      users[i] = (i == 0 ? "SYSTEM" : "user" + (100 + rnd.nextInt(900)));
    }
    this.windowsJson = kind.windowsJson() ? new WinJsonLines(kind, rnd, hosts, users) : null;
  }

  /** The lines generated so far. */
  public long lines() {
    return lines;
  }

  /** Of the lines generated so far, the devtunnel executions. */
  public long matches() {
    return matches;
  }

  /** The next line, without its line terminator. */
  public String next() {
    lines++;
    millis += rnd.nextInt(40);
    if ((kind == Kind.CROWDSTRIKE || kind == Kind.CROWDSTRIKE_PATHS) && rnd.nextInt(AID_MASTER_EVERY) == 0) {
      return aidMaster();
    }
    boolean match = rnd.nextDouble() < matchRate;
    if (match) {
      matches++;
    }
    if (windowsJson != null) {
      return windowsJson.next(millis, match);
    }
    String t = templates.get(rnd.nextInt(templates.size()));
    return switch (kind) {
      case SYSMON -> sysmon(t, match);
      case SECURITY_4688 -> security4688(t, match);
      case CROWDSTRIKE -> crowdStrike(t, match);
      case CROWDSTRIKE_PATHS -> crowdStrikePaths(t, match);
      default -> throw new IllegalStateException("no line template for " + kind.id());
    };
  }

  /** {@code count} lines, each ended by LF, as UTF-8. */
  public byte[] nextLines(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * 2048);
    for (int i = 0; i < count; i++) {
      out.writeBytes(next().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  private String sysmon(String t, boolean match) {
    Instant now = Instant.ofEpochMilli(millis);
    int host = rnd.nextInt(hosts.length);
    String user = users[rnd.nextInt(users.length)];
    t = attribute(t, "SystemTime", SYSTEM_TIME.format(now));
    t = element(t, "EventRecordID", Long.toString(record++));
    t = element(t, "Computer", hosts[host]);
    t = data(t, "UtcTime", UTC_TIME.format(now));
    t = data(t, "ProcessGuid", guid(rnd));
    t = data(t, "ProcessId", Integer.toString(4 + rnd.nextInt(60_000)));
    t = data(t, "User", (user.equals("SYSTEM") ? "NT AUTHORITY\\" : "CORP\\") + user);
    if (match) {
      String name = DEVTUNNEL_NAMES[rnd.nextInt(DEVTUNNEL_NAMES.length)];
      t = data(t, "Image", "C:\\Users\\" + user + "\\AppData\\Local\\Temp\\" + name);
      t = data(t, "OriginalFileName", "devtunnel.dll");
      t = data(t, "CommandLine", name + DEVTUNNEL_ARGS[rnd.nextInt(DEVTUNNEL_ARGS.length)]);
    }
    return t;
  }

  private String security4688(String t, boolean match) {
    Instant now = Instant.ofEpochMilli(millis);
    String user = users[rnd.nextInt(users.length)];
    t = attribute(t, "SystemTime", SYSTEM_TIME.format(now));
    t = element(t, "EventRecordID", Long.toString(record++));
    t = element(t, "Computer", hosts[rnd.nextInt(hosts.length)]);
    t = data(t, "NewProcessId", "0x" + Integer.toHexString(4 + rnd.nextInt(60_000)));
    t = data(t, "SubjectUserName", user);
    if (match) {
      String name = DEVTUNNEL_NAMES[rnd.nextInt(DEVTUNNEL_NAMES.length)];
      String path = "C:\\Users\\" + user + "\\Downloads\\" + name;
      t = data(t, "NewProcessName", path);
      t = data(t, "CommandLine", "\"" + path + "\"" + DEVTUNNEL_ARGS[rnd.nextInt(DEVTUNNEL_ARGS.length)]);
    }
    return t;
  }

  private String crowdStrike(String t, boolean match) {
    String user = users[rnd.nextInt(users.length)];
    t = json(t, "timestamp", Long.toString(millis));
    t = json(t, "aid", aids[rnd.nextInt(aids.length)]);
    t = json(t, "RawProcessId", Integer.toString(4 + rnd.nextInt(60_000)));
    t = json(t, "TargetProcessId", Long.toString(1_000_000_000L + (rnd.nextLong() & 0xffffffffL)));
    t = json(t, "id", uuid(rnd));
    if (match) {
      String name = DEVTUNNEL_NAMES[rnd.nextInt(DEVTUNNEL_NAMES.length)];
      t = json(t, "ImageFileName", "\\\\Device\\\\HarddiskVolume3\\\\Users\\\\" + user + "\\\\AppData\\\\Local\\\\Temp\\\\" + name);
      t = json(t, "CommandLine", name + DEVTUNNEL_ARGS[rnd.nextInt(DEVTUNNEL_ARGS.length)]);
    }
    return t;
  }

  /** A CrowdStrike line whose command line and image are full of escaped backslashes. */
  private String crowdStrikePaths(String t, boolean match) {
    String user = users[rnd.nextInt(users.length)];
    String commandLine = match
        // the needle right after an escaped backslash: \\devtunnel.exe
        ? "\"C:\\Users\\%u\\AppData\\Local\\Temp\\" + DEVTUNNEL_NAMES[rnd.nextInt(DEVTUNNEL_NAMES.length)] + "\""
            + DEVTUNNEL_ARGS[rnd.nextInt(DEVTUNNEL_ARGS.length)]
        : FDR_COMMAND_LINES[rnd.nextInt(FDR_COMMAND_LINES.length)];
    commandLine = commandLine.replace("%u", user);
    boolean quoted = commandLine.startsWith("\"");
    String exe = commandLine.substring(quoted ? 1 : 0, commandLine.indexOf(quoted ? '"' : ' ', 1));
    t = json(t, "timestamp", Long.toString(millis));
    t = json(t, "aid", aids[rnd.nextInt(aids.length)]);
    t = json(t, "RawProcessId", Integer.toString(4 + rnd.nextInt(60_000)));
    t = json(t, "TargetProcessId", Long.toString(1_000_000_000L + (rnd.nextLong() & 0xffffffffL)));
    t = json(t, "id", uuid(rnd));
    t = json(t, "ImageFileName", jsonEscape("\\Device\\HarddiskVolume3" + exe.substring(2)));
    return json(t, "CommandLine", jsonEscape(commandLine));
  }

  /** The text of a JSON string holding {@code s} (backslashes and quotes escaped). */
  private static String jsonEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private String aidMaster() {
    int i = rnd.nextInt(aids.length);
    return "{\"AgentLoadFlags\":\"1\",\"AgentLocalTime\":\"" + (millis / 1000) + ".000\",\"AgentVersion\":\"7.10.17706.0\","
        + "\"ComputerName\":\"" + hosts[i] + "\",\"ConfigBuild\":\"1007.3.0017706.1\",\"MachineDomain\":\"corp.example.com\","
        + "\"OU\":\"Workstations\",\"ProductType\":\"1\",\"Version\":\"Windows 11\",\"aid\":\"" + aids[i] + "\","
        + "\"cid\":\"124cb22314bf4f519be84bce582e7a6b\",\"event_platform\":\"Win\",\"event_simpleName\":\"AidMaster\","
        + "\"timestamp\":\"" + millis + "\"}";
  }

  /** Replaces the content of {@code <Data Name='name'>...</Data>}; leaves the line as is without it. */
  private static String data(String t, String name, String value) {
    for (char q : new char[] {'\'', '"'}) {
      String open = "<Data Name=" + q + name + q;
      int at = t.indexOf(open);
      if (at < 0) {
        continue;
      }
      int gt = at + open.length();
      if (t.startsWith("/>", gt)) {
        return t.substring(0, gt) + ">" + value + "</Data>" + t.substring(gt + 2);
      }
      int end = t.indexOf("</Data>", gt);
      return t.substring(0, gt + 1) + value + t.substring(end);
    }
    return t;
  }

  private static String element(String t, String name, String value) {
    int at = t.indexOf("<" + name + ">");
    if (at < 0) {
      return t;
    }
    int start = at + name.length() + 2;
    return t.substring(0, start) + value + t.substring(t.indexOf("</" + name + ">", start));
  }

  private static String attribute(String t, String name, String value) {
    int at = t.indexOf(name + "=");
    if (at < 0) {
      return t;
    }
    int start = at + name.length() + 2;
    char q = t.charAt(start - 1);
    return t.substring(0, start) + value + t.substring(t.indexOf(q, start));
  }

  /** Replaces the value of the JSON string member {@code name} ({@code value} already escaped). */
  private static String json(String t, String name, String value) {
    String key = "\"" + name + "\":\"";
    int at = t.indexOf(key);
    if (at < 0) {
      return t;
    }
    int start = at + key.length();
    int end = start;
    while (t.charAt(end) != '"') {
      end += t.charAt(end) == '\\' ? 2 : 1;
    }
    return t.substring(0, start) + value + t.substring(end);
  }

  /** A random GUID as Windows renders it: {@code {UPPER-CASE}}. */
  static String guid(Random rnd) {
    return "{" + uuid(rnd).toUpperCase(Locale.ROOT) + "}";
  }

  /** A random GUID in lower case without braces. */
  static String uuid(Random rnd) {
    String h = hex(rnd, 32);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20);
  }

  /** {@code digits} random lower-case hex digits. */
  static String hex(Random rnd, int digits) {
    StringBuilder b = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      b.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return b.toString();
  }

  /** The lines of a line kind's corpus files (empty for the JSON kinds, which build on these). */
  static List<String> templates(Kind kind) {
    List<String> out = new ArrayList<>();
    if (kind.corpusFile == null || kind.exampleFile == null) {
      return List.of();
    }
    for (String file : List.of(kind.corpusFile, kind.exampleFile)) {
      try (InputStream in = Objects.requireNonNull(
          CorpusGenerator.class.getResourceAsStream("/corpus/" + file), () -> "missing resource corpus/" + file)) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
          // CrowdStrike events written to test rules lack the sensor's fields: keep sensor-like ones,
          // and only those with an ImageFileName, where a devtunnel execution is written
          if (!line.isBlank() && ((kind != Kind.CROWDSTRIKE && kind != Kind.CROWDSTRIKE_PATHS) || (line.contains("\"timestamp\"") && line.contains("\"ImageFileName\"")))) {
            out.add(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Writes a file: {@code kind size out [matchRate] [seed]}, size in bytes with an optional
   * {@code k}, {@code m} or {@code g} suffix.
   *
   * @throws IOException when the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: CorpusGenerator sysmon|4688|crowdstrike|fdr-paths|evtxdump|ecs|ecs-raw|nxlog|helk|sentinel SIZE[k|m|g] OUT"
          + " [matchRate=0.001] [seed=1]");
      System.exit(2);
    }
    Kind kind = Kind.parse(args[0]);
    long size = size(args[1]);
    double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0.001;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    CorpusGenerator g = new CorpusGenerator(kind, seed, rate);
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[2])), 1 << 20)) {
      while (written < size) {
        byte[] b = g.next().getBytes(StandardCharsets.UTF_8);
        out.write(b);
        out.write('\n');
        written += b.length + 1;
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d bytes, %d lines, %d devtunnel executions%n", args[2], written, g.lines(), g.matches());
  }

  private static long size(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
    return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
  }
}
