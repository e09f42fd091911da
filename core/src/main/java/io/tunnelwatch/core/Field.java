// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The 20 fields of the CIM {@code Endpoint.Processes} data model that the detection groups by, in
 * the order of the search's {@code by} clause (which is also the order of a rendered row).
 *
 * <p>Each field knows the value it takes when an event does not supply it: {@code unknown} where the
 * CIM defines that default, {@code null} (the string) otherwise. {@link #normalize} is the one place
 * where that rule is applied.
 *
 * @since 0.1.0
 */
public enum Field {
  /** The full command line of the process, for example {@code "C:\Users\alice\Downloads\devtunnel.exe" host -p 8080}; {@code unknown} when missing. */
  PROCESS("process", true),
  /** The product that reported the event, for example {@code Microsoft Sysmon}, {@code Microsoft Windows} or {@code CrowdStrike FDR}; always set by the adapters. */
  VENDOR_PRODUCT("vendor_product", true),
  /** The id of the user account, usually a SID, for example {@code S-1-5-21-3623811015-3361044348-30300820-1013}; {@code null} when missing. */
  USER_ID("user_id", false),
  /** The hashes of the process image as the source gives them, for example Sysmon's {@code SHA256=1A2B…,IMPHASH=…}; {@code null} when missing. */
  PROCESS_HASH("process_hash", false),
  /** The file name of the parent process, for example {@code cmd.exe}; derived from {@link #PARENT_PROCESS_PATH} when only that is given; {@code unknown} when missing. */
  PARENT_PROCESS_NAME("parent_process_name", true),
  /** The file name of the parent's executable, for example {@code cmd.exe}; {@code null} when missing. */
  PARENT_PROCESS_EXEC("parent_process_exec", false),
  /** What happened to the process creation, for example {@code allowed} (all sources in scope say {@code allowed}); {@code null} when missing. */
  ACTION("action", false),
  /** The host where the process ran, for example {@code WKS-042.corp.example}; {@code unknown} when missing. */
  DEST("dest", true),
  /** The working directory of the process, for example {@code C:\Users\alice\}; {@code null} when missing. */
  PROCESS_CURRENT_DIRECTORY("process_current_directory", false),
  /** The full path of the process image, for example {@code C:\Users\alice\Downloads\devtunnel.exe}; {@code null} when missing. */
  PROCESS_PATH("process_path", false),
  /** The Windows integrity level of the process in lower case, for example {@code medium} or {@code high}; {@code null} when missing. */
  PROCESS_INTEGRITY_LEVEL("process_integrity_level", false),
  /** The original file name from the image's PE version resource, for example {@code devtunnel.dll} for a (possibly renamed) devtunnel.exe; {@code unknown} when missing. */
  ORIGINAL_FILE_NAME("original_file_name", true),
  /** The full command line of the parent process, for example {@code C:\Windows\system32\cmd.exe /c run.bat}; {@code unknown} when missing. */
  PARENT_PROCESS("parent_process", true),
  /** The full path of the parent process image, for example {@code C:\Windows\System32\cmd.exe}; {@code null} when missing. */
  PARENT_PROCESS_PATH("parent_process_path", false),
  /** The globally unique id of the parent process, for example {@code {96128EA2-F212-5F7E-E400-000000007F01}}; {@code null} when missing. */
  PARENT_PROCESS_GUID("parent_process_guid", false),
  /** The OS process id of the parent, for example {@code 4312} (Security 4688: {@code 0x10d8}); {@code null} when missing. */
  PARENT_PROCESS_ID("parent_process_id", false),
  /** The globally unique id of the process, for example {@code {96128EA2-F212-5F7E-E400-000000007F01}}; {@code null} when missing. */
  PROCESS_GUID("process_guid", false),
  /** The OS process id, for example {@code 3412} (Security 4688: {@code 0xf84}); {@code null} when missing. */
  PROCESS_ID("process_id", false),
  /** The user who ran the process, without its domain, for example {@code alice}; {@code unknown} when missing. */
  USER("user", true),
  /** The file name of the process image, for example {@code devtunnel.exe}; derived from {@link #PROCESS_PATH} when only that is given; {@code unknown} when missing. */
  PROCESS_NAME("process_name", true);

  /** The value of a field the CIM defaults to {@code unknown}. */
  public static final String UNKNOWN = "unknown";

  /** The value of a field that has no CIM default ({@code fillnull_value=null}). */
  public static final String NULL = "null";

  private static final Field[] VALUES = values();

  private final String cimName;
  private final boolean unknownWhenMissing;

  Field(String cimName, boolean unknownWhenMissing) {
    this.cimName = cimName;
    this.unknownWhenMissing = unknownWhenMissing;
  }

  /** The CIM name without the {@code Processes.} prefix, as a rendered row shows it. */
  public String cimName() {
    return cimName;
  }

  /** The value this field takes when the event does not supply one: {@code unknown} or {@code null}. */
  public String missingValue() {
    return unknownWhenMissing ? UNKNOWN : NULL;
  }

  /**
   * Returns {@code raw}, or {@link #missingValue()} when {@code raw} is absent, empty or {@code -}.
   * Values are otherwise kept verbatim (no trimming, case kept).
   */
  public String normalize(@Nullable String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("-")) {
      return missingValue();
    }
    return raw;
  }

  /** True when {@code value} is what this field holds for a missing value. */
  public boolean isMissing(String value) {
    return value.equals(missingValue());
  }

  /**
   * The field with the given CIM name, with or without the {@code Processes.} prefix, any case.
   *
   * @throws IllegalArgumentException naming the value and the valid names when there is none
   */
  public static Field ofCimName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("processes.")) {
      n = n.substring("processes.".length());
    }
    for (Field f : VALUES) {
      if (f.cimName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "no field named '" + name + "'; valid names are " + java.util.Arrays.stream(VALUES).map(Field::cimName).toList());
  }

  /** The field's position in a group key: the declaration order is the tuple's layout by design. */
  @SuppressWarnings("EnumOrdinal")
  int index() {
    return ordinal();
  }

  static Field byIndex(int i) {
    return VALUES[i];
  }

  static int count() {
    return VALUES.length;
  }
}
