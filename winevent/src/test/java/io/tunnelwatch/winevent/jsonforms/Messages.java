// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import io.tunnelwatch.winevent.WinEvent;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The message text Windows renders for an event from its provider's template, as the forms that
 * carry it show it ({@code json-shapes/nxlog_*}, {@code otrf_helk_flat_*}): Sysmon's
 * {@code Name: value} lines, 4688's sections with tabs. HexInt64 logon ids are written upper case
 * ({@code 0x3E7}) as the message formatter does; process ids as the event has them.
 */
final class Messages {
  private static final List<String> TOKEN_ELEVATION_HELP = List.of(
      "Token Elevation Type indicates the type of token that was assigned to the new process in accordance"
          + " with User Account Control policy.",
      "",
      "Type 1 is a full token with no privileges removed or groups disabled.  A full token is only used if"
          + " User Account Control is disabled or if the user is the built-in Administrator account or a"
          + " service account.",
      "",
      "Type 2 is an elevated token with no privileges removed or groups disabled.  An elevated token is used"
          + " when User Account Control is enabled and the user chooses to start the program using Run as"
          + " administrator.  An elevated token is also used when an application is configured to always"
          + " require administrative privilege or to always require maximum privilege, and the user is a"
          + " member of the Administrators group.",
      "",
      "Type 3 is a limited token with administrative privileges removed and administrative groups disabled."
          + "  The limited token is used when User Account Control is enabled, the application does not"
          + " require administrative privilege, and the user does not choose to start the program using Run"
          + " as administrator.");

  private Messages() {}

  /**
   * The event's message with lines ended by {@code newline} ({@code \r\n} as NXLog and HELK keep
   * it, {@code \n} as Winlogbeat writes it) and braced GUIDs written by {@code guid}, as the form
   * writes the fields themselves.
   */
  static String render(WinEvent e, String newline, UnaryOperator<String> guid) {
    if (Values.isSecurity(e) && "4688".equals(e.eventId())) {
      return processCreation(e, newline);
    }
    StringBuilder m = new StringBuilder(1024);
    m.append(Values.isSysmon(e) && "1".equals(e.eventId()) ? "Process Create:" : "Event " + e.eventId() + ":");
    for (int i = 0; i < e.dataCount(); i++) {
      String value = e.dataValue(i);
      if (e.dataName(i).endsWith("LogonId")) {
        value = Values.upperHex(value);
      } else if (Values.isBracedGuid(value)) {
        value = guid.apply(value);
      }
      m.append(newline).append(e.dataName(i)).append(": ").append(value);
    }
    return m.toString();
  }

  /** Security 4688's template; version 1 events (no Target fields) have the shorter one. */
  private static String processCreation(WinEvent e, String nl) {
    boolean target = e.data("TargetUserSid") != null;
    StringBuilder m = new StringBuilder(2048);
    m.append("A new process has been created.").append(nl).append(nl)
        .append(target ? "Creator Subject:" : "Subject:").append(nl);
    account(m, e, "Subject", nl);
    if (target) {
      m.append("Target Subject:").append(nl);
      account(m, e, "Target", nl);
    }
    m.append("Process Information:").append(nl);
    line(m, "New Process ID:\t\t", e.data("NewProcessId"), nl);
    line(m, "New Process Name:\t", e.data("NewProcessName"), nl);
    line(m, "Token Elevation Type:\t", e.data("TokenElevationType"), nl);
    line(m, "Mandatory Label:\t\t", e.data("MandatoryLabel"), nl);
    line(m, "Creator Process ID:\t", e.data("ProcessId"), nl);
    line(m, "Creator Process Name:\t", e.data("ParentProcessName"), nl);
    line(m, "Process Command Line:\t", e.data("CommandLine"), nl);
    return m.append(nl).append(String.join(nl, TOKEN_ELEVATION_HELP)).toString();
  }

  private static void account(StringBuilder m, WinEvent e, String who, String nl) {
    line(m, "Security ID:\t\t", e.data(who + "UserSid"), nl);
    line(m, "Account Name:\t\t", e.data(who + "UserName"), nl);
    line(m, "Account Domain:\t\t", e.data(who + "DomainName"), nl);
    String logonId = e.data(who + "LogonId");
    line(m, "Logon ID:\t\t", logonId == null ? null : Values.upperHex(logonId), nl);
    m.append(nl);
  }

  /** A tab-indented {@code label value} line; none when the event lacks the field. */
  private static void line(StringBuilder m, String label, @Nullable String value, String nl) {
    if (value != null) {
      m.append('\t').append(label).append(value).append(nl);
    }
  }
}
