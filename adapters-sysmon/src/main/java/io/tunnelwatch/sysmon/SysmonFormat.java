// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.sysmon;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sysmon Event ID 1 (process creation), in every form of Windows event the {@code winevent} module
 * reads: Splunk's XmlWinEventLog lines (the Windows rendering or an exporter's: double quotes, empty
 * elements, padded values), and through the reader's containers {@code .evtx} files and XML exports.
 * Events of provider {@code Microsoft-Windows-Sysmon} with another event id, and well-formed events
 * of other providers, are skipped; lines that are not well-formed XML are rejected. The field
 * mapping is DESIGN.md section 3. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class SysmonFormat extends WinEventFormat {
  static final String PROVIDER = "Microsoft-Windows-Sysmon";
  private static final Map<String, String> ELASTIC = Map.ofEntries(
      Map.entry("process.entity_id", "ProcessGuid"),
      Map.entry("process.pid", "ProcessId"),
      Map.entry("process.executable", "Image"),
      Map.entry("process.pe.original_file_name", "OriginalFileName"),
      Map.entry("process.command_line", "CommandLine"),
      Map.entry("process.working_directory", "CurrentDirectory"),
      Map.entry(ELASTIC_HASHES, "Hashes"),
      Map.entry("process.parent.entity_id", "ParentProcessGuid"),
      Map.entry("process.parent.pid", "ParentProcessId"),
      Map.entry("process.parent.executable", "ParentImage"),
      Map.entry("process.parent.command_line", "ParentCommandLine"),
      Map.entry(ELASTIC_USER, "User"));

  /** The format; the public constructor is for {@link java.util.ServiceLoader}. */
  public SysmonFormat() {
    super("sysmon", PROVIDER, "1");
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
  protected LineOutcome map(WinEvent e, EventOrigin origin) {
    Instant time = parseTime(e.data("UtcTime"));
    if (time == null) {
      time = parseTime(e.systemTime());
    }
    if (time == null) {
      return LineOutcome.reject("UtcTime", "neither UtcTime nor System/TimeCreated/@SystemTime is a valid UTC time");
    }
    String image = e.data("Image");
    String parentImage = e.data("ParentImage");
    String parentName = ProcessEvent.basename(parentImage);
    String integrity = e.data("IntegrityLevel");
    return LineOutcome.event(ProcessEvent.builder(time, origin)
        .set(Field.PROCESS, e.data("CommandLine"))
        .set(Field.VENDOR_PRODUCT, "Microsoft Sysmon")
        .set(Field.USER_ID, e.userId())
        .set(Field.PROCESS_HASH, e.data("Hashes"))
        .set(Field.PARENT_PROCESS_NAME, parentName)
        .set(Field.PARENT_PROCESS_EXEC, parentName)
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, e.computer())
        .set(Field.PROCESS_CURRENT_DIRECTORY, e.data("CurrentDirectory"))
        .set(Field.PROCESS_PATH, image)
        .set(Field.PROCESS_INTEGRITY_LEVEL, integrity == null ? null : integrity.toLowerCase(Locale.ROOT))
        .set(Field.ORIGINAL_FILE_NAME, e.data("OriginalFileName"))
        .set(Field.PARENT_PROCESS, e.data("ParentCommandLine"))
        .set(Field.PARENT_PROCESS_PATH, parentImage)
        .set(Field.PARENT_PROCESS_GUID, guid(e.data("ParentProcessGuid")))
        .set(Field.PARENT_PROCESS_ID, e.data("ParentProcessId"))
        .set(Field.PROCESS_GUID, guid(e.data("ProcessGuid")))
        .set(Field.PROCESS_ID, e.data("ProcessId"))
        .set(Field.USER, withoutDomain(e.data("User")))
        .set(Field.PROCESS_NAME, ProcessEvent.basename(image))
        .build());
  }

  /** The system time only when {@code UtcTime} is missing or not a time. */
  @Override
  protected boolean usesSystemTime(WinEvent e) {
    return parseTime(e.data("UtcTime")) == null;
  }

  /** {@code DOMAIN\name} without its domain: the text after the last backslash. */
  private static @Nullable String withoutDomain(@Nullable String user) {
    return user == null ? null : user.substring(user.lastIndexOf('\\') + 1);
  }
}
