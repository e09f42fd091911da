package io.tunnelwatch.sysmon;

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
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Maps Sysmon Event ID 1 to a {@link ProcessEvent} (DESIGN.md section 3). Not thread-safe. */
final class SysmonParser implements LineParser {
  static final String PROVIDER = "Microsoft-Windows-Sysmon";

  // The EventData names read, and their indexes in that list.
  private static final List<String> DATA = List.of(
      "UtcTime", "ProcessGuid", "ProcessId", "Image", "OriginalFileName", "CommandLine",
      "CurrentDirectory", "User", "IntegrityLevel", "Hashes", "ParentProcessGuid", "ParentProcessId",
      "ParentImage", "ParentCommandLine");
  private static final int UTC_TIME = 0;
  private static final int PROCESS_GUID = 1;
  private static final int PROCESS_ID = 2;
  private static final int IMAGE = 3;
  private static final int ORIGINAL_FILE_NAME = 4;
  private static final int COMMAND_LINE = 5;
  private static final int CURRENT_DIRECTORY = 6;
  private static final int USER = 7;
  private static final int INTEGRITY_LEVEL = 8;
  private static final int HASHES = 9;
  private static final int PARENT_PROCESS_GUID = 10;
  private static final int PARENT_PROCESS_ID = 11;
  private static final int PARENT_IMAGE = 12;
  private static final int PARENT_COMMAND_LINE = 13;

  // Aalto, by class (never discovered): less JIT work and faster parsing than the JDK's reader
  // (BENCHMARKS.md); WinEventParser turns DTDs and external entities off on it.
  final WinEventParser xml = new WinEventParser(DATA, InputFactoryImpl::new);

  @Override
  public LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin) {
    LineOutcome notInScope = xml.read(line, offset, length, PROVIDER, "1");
    if (notInScope != null) {
      return notInScope;
    }
    WinEvent e = xml.event();
    Instant time = EventTime.parse(e.data(UTC_TIME));
    if (time == null) {
      time = EventTime.parse(e.systemTime());
    }
    if (time == null) {
      return LineOutcome.reject("UtcTime", "neither UtcTime nor System/TimeCreated/@SystemTime is a valid UTC time");
    }
    String image = e.data(IMAGE);
    String parentImage = e.data(PARENT_IMAGE);
    String parentName = WindowsPath.basename(parentImage);
    String integrity = e.data(INTEGRITY_LEVEL);
    return LineOutcome.event(ProcessEvent.builder(time, origin)
        .set(Field.PROCESS, e.data(COMMAND_LINE))
        .set(Field.VENDOR_PRODUCT, "Microsoft Sysmon")
        .set(Field.USER_ID, e.userId())
        .set(Field.PROCESS_HASH, e.data(HASHES))
        .set(Field.PARENT_PROCESS_NAME, parentName)
        .set(Field.PARENT_PROCESS_EXEC, parentName)
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, e.computer())
        .set(Field.PROCESS_CURRENT_DIRECTORY, e.data(CURRENT_DIRECTORY))
        .set(Field.PROCESS_PATH, image)
        .set(Field.PROCESS_INTEGRITY_LEVEL, integrity == null ? null : integrity.toLowerCase(Locale.ROOT))
        .set(Field.ORIGINAL_FILE_NAME, e.data(ORIGINAL_FILE_NAME))
        .set(Field.PARENT_PROCESS, e.data(PARENT_COMMAND_LINE))
        .set(Field.PARENT_PROCESS_PATH, parentImage)
        .set(Field.PARENT_PROCESS_GUID, e.data(PARENT_PROCESS_GUID))
        .set(Field.PARENT_PROCESS_ID, e.data(PARENT_PROCESS_ID))
        .set(Field.PROCESS_GUID, e.data(PROCESS_GUID))
        .set(Field.PROCESS_ID, e.data(PROCESS_ID))
        .set(Field.USER, withoutDomain(e.data(USER)))
        .set(Field.PROCESS_NAME, WindowsPath.basename(image))
        .build());
  }

  /** {@code DOMAIN\name} without its domain: the text after the last backslash. */
  private static @Nullable String withoutDomain(@Nullable String user) {
    return user == null ? null : user.substring(user.lastIndexOf('\\') + 1);
  }
}
