package io.tunnelwatch.winsecurity;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.internal.winevent.EventTime;
import io.tunnelwatch.core.internal.winevent.WinEvent;
import io.tunnelwatch.core.internal.winevent.WinEventParser;
import io.tunnelwatch.core.internal.winevent.WindowsPath;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import java.time.Instant;
import java.util.List;

/** Maps Security 4688 to a {@link ProcessEvent} (DESIGN.md section 3). Not thread-safe. */
final class WinSecurity4688Parser implements LineParser {
  static final String PROVIDER = "Microsoft-Windows-Security-Auditing";

  // The EventData names read, and their indexes in that list.
  private static final List<String> DATA = List.of(
      "SubjectUserName", "NewProcessId", "NewProcessName", "ProcessId", "CommandLine",
      "TargetUserName", "ParentProcessName", "MandatoryLabel");
  private static final int SUBJECT_USER_NAME = 0;
  private static final int NEW_PROCESS_ID = 1;
  private static final int NEW_PROCESS_NAME = 2;
  private static final int PROCESS_ID = 3;
  private static final int COMMAND_LINE = 4;
  private static final int TARGET_USER_NAME = 5;
  private static final int PARENT_PROCESS_NAME = 6;
  private static final int MANDATORY_LABEL = 7;

  // Aalto, by class (never discovered): less JIT work and faster parsing than the JDK's reader
  // (BENCHMARKS.md); WinEventParser turns DTDs and external entities off on it.
  final WinEventParser xml = new WinEventParser(DATA, InputFactoryImpl::new);

  @Override
  public LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin) {
    LineOutcome notInScope = xml.read(line, offset, length, PROVIDER, "4688");
    if (notInScope != null) {
      return notInScope;
    }
    WinEvent e = xml.event();
    Instant time = EventTime.parse(e.systemTime());
    if (time == null) {
      return LineOutcome.reject("SystemTime", "System/TimeCreated/@SystemTime is missing or not a valid UTC time");
    }
    String newProcessName = e.data(NEW_PROCESS_NAME);
    String parent = e.data(PARENT_PROCESS_NAME);
    String user = e.data(TARGET_USER_NAME);
    if (Field.USER.isMissing(Field.USER.normalize(user))) {
      user = e.data(SUBJECT_USER_NAME);
    }
    return LineOutcome.event(ProcessEvent.builder(time, origin)
        .set(Field.PROCESS, NewProcess.process(e.data(COMMAND_LINE), newProcessName))
        .set(Field.VENDOR_PRODUCT, "Microsoft Windows")
        .set(Field.USER_ID, null)
        .set(Field.PROCESS_HASH, null)
        .set(Field.PARENT_PROCESS_NAME, WindowsPath.basename(parent))
        .set(Field.PARENT_PROCESS_EXEC, null)
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, e.computer())
        .set(Field.PROCESS_CURRENT_DIRECTORY, null)
        .set(Field.PROCESS_PATH, newProcessName)
        .set(Field.PROCESS_INTEGRITY_LEVEL, NewProcess.integrityLevel(e.data(MANDATORY_LABEL)))
        .set(Field.ORIGINAL_FILE_NAME, null)
        .set(Field.PARENT_PROCESS, parent)
        .set(Field.PARENT_PROCESS_PATH, parent)
        .set(Field.PARENT_PROCESS_GUID, null)
        .set(Field.PARENT_PROCESS_ID, NewProcess.hexId(e.data(PROCESS_ID)))
        .set(Field.PROCESS_GUID, null)
        .set(Field.PROCESS_ID, NewProcess.hexId(e.data(NEW_PROCESS_ID)))
        .set(Field.USER, user)
        .set(Field.PROCESS_NAME, WindowsPath.basename(newProcessName))
        .build());
  }
}
