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
  PROCESS("process", true),
  VENDOR_PRODUCT("vendor_product", true),
  USER_ID("user_id", false),
  PROCESS_HASH("process_hash", false),
  PARENT_PROCESS_NAME("parent_process_name", true),
  PARENT_PROCESS_EXEC("parent_process_exec", false),
  ACTION("action", false),
  DEST("dest", true),
  PROCESS_CURRENT_DIRECTORY("process_current_directory", false),
  PROCESS_PATH("process_path", false),
  PROCESS_INTEGRITY_LEVEL("process_integrity_level", false),
  ORIGINAL_FILE_NAME("original_file_name", true),
  PARENT_PROCESS("parent_process", true),
  PARENT_PROCESS_PATH("parent_process_path", false),
  PARENT_PROCESS_GUID("parent_process_guid", false),
  PARENT_PROCESS_ID("parent_process_id", false),
  PROCESS_GUID("process_guid", false),
  PROCESS_ID("process_id", false),
  USER("user", true),
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
