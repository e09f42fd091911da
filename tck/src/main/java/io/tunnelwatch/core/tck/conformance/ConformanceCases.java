// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import static io.tunnelwatch.core.tck.conformance.CanonicalRow.kept;

import io.tunnelwatch.core.AllowlistFilter;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.Window;
import io.tunnelwatch.core.tck.conformance.ConformanceCase.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The shared conformance cases. Expected rows are worked out by hand from the schedule's contract
 * (windows {@code [hh:50, hh+1:50)}, reported at {@code hh+2:00}), not computed by the library.
 */
public final class ConformanceCases {
  /** The allowlist of the suppressing case: build agents are allowed to run dev tunnels. */
  public static final String ALLOWLIST =
      "{\"entries\":[{\"match\":{\"dest\":\"BUILD-*\"},\"reason\":\"build agents run dev tunnels for CI\","
          + "\"owner\":\"secops\"}]}";

  private static final String DAY = "2024-04-23T";

  private ConformanceCases() {}

  /** Every case. */
  public static List<ConformanceCase> all() {
    return List.of(outOfOrderInOneWindow(), lateEvents(), eventTimeClosesWindows(), suppressingFilter());
  }

  /**
   * Events out of order within a window, one exactly at the window start, one a nanosecond before
   * the end, one exactly at the end (so in the next window), two groups.
   */
  public static ConformanceCase outOfOrderInOneWindow() {
    return new ConformanceCase(
        "out-of-order events, window edges at hh:50:00.000",
        Detection.builder().build(),
        List.of(
            arrive(devtunnel("13:10:00.500", "WS-01")),
            arrive(devtunnel("12:51:00", "WS-01")),
            arrive(devtunnel("13:49:59.999999999", "WS-01")),
            arrive(devtunnel("12:50:00", "WS-01")),
            arrive(devtunnel("13:05:00", "WS-02")),
            arrive(devtunnel("13:50:00", "WS-01")),
            advance("15:00:00")),
        List.of(
            kept(window("12:50"), false, devtunnelGroup("WS-01"), 4, t("12:50:00"), t("13:49:59.999999999")),
            kept(window("12:50"), false, devtunnelGroup("WS-02"), 1, t("13:05:00"), t("13:05:00")),
            kept(window("13:50"), false, devtunnelGroup("WS-01"), 1, t("13:50:00"), t("13:50:00"))));
  }

  /**
   * A window is reported when time reaches its run time (hh+2:00), not a nanosecond before; events
   * for it after that are late rows, and a group seen only late gets only a late row.
   */
  public static ConformanceCase lateEvents() {
    return new ConformanceCase(
        "late events after the window's run time",
        Detection.builder().build(),
        List.of(
            arrive(devtunnel("12:55:00", "WS-01")),
            advance("13:59:59.999"),
            arrive(devtunnel("13:30:00", "WS-01")),
            advance("14:00:00"),
            arrive(devtunnel("13:00:00", "WS-01")),
            arrive(devtunnel("13:49:59", "WS-01")),
            arrive(devtunnel("12:50:00", "WS-02")),
            arrive(devtunnel("14:10:00", "WS-01")),
            advance("15:00:00")),
        List.of(
            kept(window("12:50"), false, devtunnelGroup("WS-01"), 2, t("12:55:00"), t("13:30:00")),
            kept(window("12:50"), true, devtunnelGroup("WS-01"), 2, t("13:00:00"), t("13:49:59")),
            kept(window("12:50"), true, devtunnelGroup("WS-02"), 1, t("12:50:00"), t("12:50:00")),
            kept(window("13:50"), false, devtunnelGroup("WS-01"), 1, t("14:10:00"), t("14:10:00"))));
  }

  /**
   * Without explicit advances, event time alone (of matching and non-matching events) closes
   * windows; three windows, both clauses of the predicate, a name in mixed case.
   */
  public static ConformanceCase eventTimeClosesWindows() {
    return new ConformanceCase(
        "event time closes windows, several windows",
        Detection.builder().build(),
        List.of(
            arrive(devtunnel("12:50:30", "WS-01")),
            arrive(event("13:20:00", "WS-03", "tunnel-helper.exe", "devtunnel.dll")),
            arrive(event("14:00:00", "WS-01", "notepad.exe", "NOTEPAD.EXE")),
            arrive(devtunnel("13:40:00", "WS-01")),
            arrive(event("14:49:59.999", "WS-04", "DevTunnel.EXE", "unknown")),
            arrive(devtunnel("15:00:00", "WS-01")),
            arrive(event("16:00:00", "WS-01", "notepad.exe", "NOTEPAD.EXE"))),
        List.of(
            kept(window("12:50"), false, devtunnelGroup("WS-01"), 1, t("12:50:30"), t("12:50:30")),
            kept(window("12:50"), true, devtunnelGroup("WS-01"), 1, t("13:40:00"), t("13:40:00")),
            kept(window("12:50"), false, group("WS-03", "tunnel-helper.exe", "devtunnel.dll"), 1, t("13:20:00"), t("13:20:00")),
            kept(window("13:50"), false, group("WS-04", "DevTunnel.EXE", "unknown"), 1, t("14:49:59.999"), t("14:49:59.999")),
            kept(window("14:50"), false, devtunnelGroup("WS-01"), 1, t("15:00:00"), t("15:00:00"))));
  }

  /** An allowlist suppresses a host's rows, on time and late; other hosts' rows are kept. */
  public static ConformanceCase suppressingFilter() {
    AllowlistFilter allowlist =
        AllowlistFilter.parse(ALLOWLIST, "conformance-allowlist", Clock.fixed(t("00:00:00"), ZoneOffset.UTC));
    String filter = allowlist.name();
    String why = "allowlist entry 1: build agents run dev tunnels for CI (owner secops)";
    return new ConformanceCase(
        "suppressing filter, on time and late",
        Detection.builder().addFilter(allowlist).build(),
        List.of(
            arrive(devtunnel("12:52:00", "BUILD-01")),
            arrive(devtunnel("13:01:00", "WS-07")),
            arrive(devtunnel("13:30:00", "BUILD-01")),
            advance("14:00:00"),
            arrive(devtunnel("13:10:00", "BUILD-01")),
            arrive(devtunnel("13:15:00", "WS-07")),
            arrive(devtunnel("14:20:00", "WS-07")),
            advance("15:00:00")),
        List.of(
            kept(window("12:50"), false, devtunnelGroup("BUILD-01"), 2, t("12:52:00"), t("13:30:00"))
                .suppressed(filter, why),
            kept(window("12:50"), true, devtunnelGroup("BUILD-01"), 1, t("13:10:00"), t("13:10:00"))
                .suppressed(filter, why),
            kept(window("12:50"), false, devtunnelGroup("WS-07"), 1, t("13:01:00"), t("13:01:00")),
            kept(window("12:50"), true, devtunnelGroup("WS-07"), 1, t("13:15:00"), t("13:15:00")),
            kept(window("13:50"), false, devtunnelGroup("WS-07"), 1, t("14:20:00"), t("14:20:00"))));
  }

  /** {@code hh:mm:ss[.fraction]} on the cases' day, UTC. */
  public static Instant t(String time) {
    return Instant.parse(DAY + time + "Z");
  }

  /** The hour-long window starting at {@code hh:mm} on the cases' day. */
  public static Window window(String startHhMm) {
    Instant start = t(startHhMm + ":00");
    return new Window(start, start.plusSeconds(3600));
  }

  /** A {@code devtunnel.exe} (original file name {@code devtunnel.dll}) execution on {@code dest}. */
  public static ProcessEvent devtunnel(String time, String dest) {
    return event(time, dest, "devtunnel.exe", "devtunnel.dll");
  }

  /** A Sysmon-like process creation on {@code dest}, by alice from cmd.exe. */
  public static ProcessEvent event(String time, String dest, String processName, String originalFileName) {
    return ProcessEvent.builder(t(time), new EventOrigin("conformance", "cases", 0))
        .set(Field.PROCESS, processName + " host -p 8080")
        .set(Field.VENDOR_PRODUCT, "Microsoft Sysmon")
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, dest)
        .set(Field.PROCESS_PATH, "C:\\Tools\\" + processName)
        .set(Field.PROCESS_NAME, processName)
        .set(Field.ORIGINAL_FILE_NAME, originalFileName)
        .set(Field.PARENT_PROCESS_NAME, "cmd.exe")
        .set(Field.PARENT_PROCESS, "cmd.exe /c start")
        .set(Field.USER, "alice")
        .set(Field.PROCESS_ID, "4242")
        .build();
  }

  private static GroupKey devtunnelGroup(String dest) {
    return group(dest, "devtunnel.exe", "devtunnel.dll");
  }

  private static GroupKey group(String dest, String processName, String originalFileName) {
    return event("00:00:00", dest, processName, originalFileName).groupKey();
  }

  private static Step arrive(ProcessEvent e) {
    return new Step.Arrive(e);
  }

  private static Step advance(String time) {
    return new Step.AdvanceTo(t(time));
  }
}
