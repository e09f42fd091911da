// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Windows Security event 4688 (a new process has been created) as Splunk's XmlWinEventLog shows it,
 * one {@code <Event>} per line, in the Windows rendering or an exporter's, and through the reader's
 * containers in {@code .evtx} files and XML exports; every event version
 * (versions 0 and 1 lack {@code ParentProcessName}, {@code MandatoryLabel} and the {@code Target*}
 * fields). Other events of {@code Microsoft-Windows-Security-Auditing}, and well-formed events of
 * other providers, are skipped; lines that are not well-formed XML are rejected. The field mapping
 * is DESIGN.md section 3. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class WinSecurity4688Format extends WinEventFormat {
  static final String PROVIDER = "Microsoft-Windows-Security-Auditing";
  private static final Map<String, String> ELASTIC = Map.of(
      "process.pid", "NewProcessId",
      "process.executable", "NewProcessName",
      "process.command_line", "CommandLine",
      "process.parent.pid", "ProcessId",
      "process.parent.executable", "ParentProcessName");

  /**
   * What a 4688 event has no field for (DESIGN.md section 3): the mapping below leaves these unset,
   * so they are missing in every event, and {@link #lacks()} says so from this one set.
   */
  private static final Set<Field> LACKS = Collections.unmodifiableSet(EnumSet.of(Field.USER_ID, Field.PROCESS_HASH,
      Field.PARENT_PROCESS_EXEC, Field.PROCESS_CURRENT_DIRECTORY, Field.ORIGINAL_FILE_NAME, Field.PARENT_PROCESS_GUID,
      Field.PROCESS_GUID));

  /** The format; the public constructor is for {@link java.util.ServiceLoader}. */
  public WinSecurity4688Format() {
    super("winsecurity-4688", PROVIDER, "4688");
  }

  /**
   * What Elastic's ingest pipeline moves out of {@code winlog.event_data} for this event (its
   * {@code security}/{@code sysmon} module pipelines), and where to.
   */
  @Override
  public Map<String, String> elasticFields() {
    return ELASTIC;
  }

  @Override
  public Set<Field> lacks() {
    return LACKS;
  }

  @Override
  protected LineOutcome map(WinEvent e, EventOrigin origin) {
    Instant time = parseTime(e.systemTime());
    if (time == null) {
      return LineOutcome.reject("SystemTime", "System/TimeCreated/@SystemTime is missing or not a valid UTC time");
    }
    String newProcessName = e.data("NewProcessName");
    String parent = e.data("ParentProcessName");
    String user = e.data("TargetUserName");
    if (Field.USER.isMissing(Field.USER.normalize(user))) {
      user = e.data("SubjectUserName");
    }
    return LineOutcome.event(ProcessEvent.builder(time, origin)
        .set(Field.PROCESS, NewProcess.process(e.data("CommandLine"), newProcessName))
        .set(Field.VENDOR_PRODUCT, "Microsoft Windows")
        .set(Field.PARENT_PROCESS_NAME, ProcessEvent.basename(parent))
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, e.computer())
        .set(Field.PROCESS_PATH, newProcessName)
        .set(Field.PROCESS_INTEGRITY_LEVEL, NewProcess.integrityLevel(e.data("MandatoryLabel")))
        .set(Field.PARENT_PROCESS, parent)
        .set(Field.PARENT_PROCESS_PATH, parent)
        .set(Field.PARENT_PROCESS_ID, NewProcess.hexId(e.data("ProcessId")))
        .set(Field.PROCESS_ID, NewProcess.hexId(e.data("NewProcessId")))
        .set(Field.USER, user)
        .set(Field.PROCESS_NAME, ProcessEvent.basename(newProcessName))
        .build());
  }
}
