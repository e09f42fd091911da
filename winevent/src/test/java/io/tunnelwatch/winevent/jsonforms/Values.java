// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.EventTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The value renderings the forms share: GUIDs, numbers, times, names Windows looks up. */
final class Values {
  static final String SYSMON = "Microsoft-Windows-Sysmon";
  static final String SECURITY = "Microsoft-Windows-Security-Auditing";

  private static final Pattern GUID =
      Pattern.compile("\\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})}?");
  private static final Pattern BRACED_GUID =
      Pattern.compile("\\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}}");
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,17}");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");
  private static final String ZERO_GUID = "00000000-0000-0000-0000-000000000000";

  static final DateTimeFormatter MICROS_Z = utc("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
  static final DateTimeFormatter MILLIS_Z = utc("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  static final DateTimeFormatter TICKS_Z = utc("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'");
  /** Local wall-clock formats: the caller gives the zone. */
  static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  static final DateTimeFormatter MILLIS_FALSE_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);

  /** Sysmon's UInt32 fields: evtx_dump writes them as JSON numbers (Sysmon's manifest types). */
  static final Set<String> SYSMON_UINT =
      Set.of("ProcessId", "ParentProcessId", "TerminalSessionId", "SourceProcessId",
          "TargetProcessId", "SourceThreadId", "SourcePort", "DestinationPort");

  /** A SID Windows resolves to an account without a domain controller; see {@link #account}. */
  record Account(String domain, String name, String winlogbeatType) {}

  private static final Map<String, Account> WELL_KNOWN = Map.of(
      "S-1-5-18", new Account("NT AUTHORITY", "SYSTEM", "Well Known Group"),
      "S-1-5-19", new Account("NT AUTHORITY", "LOCAL SERVICE", "Well Known Group"),
      "S-1-5-20", new Account("NT AUTHORITY", "NETWORK SERVICE", "Well Known Group"));

  private Values() {}

  private static DateTimeFormatter utc(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
  }

  static boolean isSysmon(WinEvent e) {
    return SYSMON.equals(e.provider());
  }

  static boolean isSecurity(WinEvent e) {
    return SECURITY.equals(e.provider());
  }

  /** The event's {@code SystemTime}; an event without one cannot be rendered in any JSON form. */
  static Instant systemTime(WinEvent e) {
    Instant t = EventTime.parse(e.systemTime());
    if (t == null) {
      throw new IllegalArgumentException("the event has no readable SystemTime: " + e);
    }
    return t;
  }

  /** Sysmon's {@code UtcTime} as an instant, or null when absent or unreadable. */
  static @Nullable Instant utcTime(WinEvent e) {
    return EventTime.parse(e.data("UtcTime"));
  }

  static String local(DateTimeFormatter format, Instant t, ZoneId zone) {
    return format.format(t.atZone(zone));
  }

  /** True for a braced GUID: evtx_dump then writes the typed value, {@link #bareUpper}. */
  static boolean isBracedGuid(String value) {
    return BRACED_GUID.matcher(value).matches();
  }

  static boolean isZeroGuid(String value) {
    Matcher m = GUID.matcher(value);
    return m.matches() && m.group(1).equals(ZERO_GUID);
  }

  /** A GUID without braces, upper case ({@code 5770385F-…}); any other text as it is. */
  static String bareUpper(String value) {
    Matcher m = GUID.matcher(value);
    return m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : value;
  }

  /** A GUID in braces, lower case ({@code {39e4a257-…}}); any other text as it is. */
  static String bracedLower(String value) {
    Matcher m = GUID.matcher(value);
    return m.matches() ? "{" + m.group(1).toLowerCase(Locale.ROOT) + "}" : value;
  }

  /** A GUID in braces, upper case, as Windows renders it; any other text as it is. */
  static String bracedUpper(String value) {
    Matcher m = GUID.matcher(value);
    return m.matches() ? "{" + m.group(1).toUpperCase(Locale.ROOT) + "}" : value;
  }

  /** The number a decimal text denotes, or null when it is not a plain decimal. */
  static @Nullable Long decimal(@Nullable String value) {
    return value != null && DECIMAL.matcher(value).matches() ? Long.valueOf(value) : null;
  }

  /** The number a {@code 0x} hexadecimal text denotes (unsigned 64-bit), or null. */
  static @Nullable Long hex(@Nullable String value) {
    return value != null && HEX.matcher(value).matches() ? Long.parseUnsignedLong(value.substring(2), 16) : null;
  }

  /** {@code 0x3e7} as Windows' message formatter writes a HexInt64: {@code 0x3E7}. */
  static String upperHex(String value) {
    return HEX.matcher(value).matches() ? "0x" + value.substring(2).toUpperCase(Locale.ROOT) : value;
  }

  /** The keywords as the signed 64-bit number NXLog writes ({@code 0x8000000000000000} is negative). */
  static long keywordsNumber(EventSystem s) {
    return Long.parseUnsignedLong(s.keywords().substring(2), 16);
  }

  /** True when the keywords hold Audit Success (bit 53). */
  static boolean auditSuccess(EventSystem s) {
    return (keywordsNumber(s) & 0x0020000000000000L) != 0;
  }

  static @Nullable Account account(@Nullable String sid) {
    return sid == null ? null : WELL_KNOWN.get(sid);
  }

  /** The task's name as Windows renders it from the provider's manifest (its number if unknown). */
  static String taskName(WinEvent e, EventSystem s) {
    if (isSysmon(e) && s.task() == 1) {
      return "Process Create (rule: ProcessCreate)";
    }
    if (isSecurity(e) && s.task() == 13312) {
      return "Process Creation";
    }
    return String.valueOf(s.task());
  }

  /** The opcode's name: opcode 0 is {@code win:Info} for every provider. */
  static String opcodeName(EventSystem s) {
    return s.opcode() == 0 ? "Info" : String.valueOf(s.opcode());
  }

  /** The level's name as Windows renders it; 0 (LogAlways) shows as Information. */
  static String levelName(EventSystem s) {
    return switch (s.level()) {
      case 1 -> "Critical";
      case 2 -> "Error";
      case 3 -> "Warning";
      case 5 -> "Verbose";
      default -> "Information";
    };
  }
}
