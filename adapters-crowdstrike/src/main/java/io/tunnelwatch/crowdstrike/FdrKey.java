// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The FDR keys the parser reads; every other key is skipped unread. */
enum FdrKey {
  EVENT_SIMPLE_NAME("event_simpleName"),
  TIMESTAMP("timestamp"),
  AID("aid"),
  COMPUTER_NAME("ComputerName"),
  COMMAND_LINE("CommandLine"),
  USER_SID("UserSid"),
  SHA256_HASH_DATA("SHA256HashData"),
  SHA256_HASH_STRING("SHA256HashString"),
  PARENT_BASE_FILE_NAME("ParentBaseFileName"),
  IMAGE_FILE_NAME("ImageFileName"),
  INTEGRITY_LEVEL("IntegrityLevel"),
  PARENT_PROCESS_ID("ParentProcessId"),
  RAW_PROCESS_ID("RawProcessId");

  static final int COUNT = values().length;

  private static final Map<String, FdrKey> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(k -> k.json, k -> k));

  /** The key as FDR spells it (keys are case-sensitive). */
  final String json;

  FdrKey(String json) {
    this.json = json;
  }

  /** The key named {@code name}, or null for a key the parser does not read. */
  static @Nullable FdrKey of(String name) {
    return BY_NAME.get(name);
  }

  /** The slot of this key's value in a parser's arrays: the declaration order is the layout. */
  @SuppressWarnings("EnumOrdinal")
  int slot() {
    return ordinal();
  }
}
