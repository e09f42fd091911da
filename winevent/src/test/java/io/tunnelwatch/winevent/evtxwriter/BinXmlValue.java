// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Test tooling: one substitution value with its MS-EVEN6 value type (2.2.18), and the typing of
 * event values the way Windows stores them.
 */
final class BinXmlValue {

  static final int NULL = 0x00;
  static final int STRING = 0x01;
  static final int UINT8 = 0x04;
  static final int UINT16 = 0x06;
  static final int UINT32 = 0x08;
  static final int UINT64 = 0x0a;
  static final int GUID = 0x0f;
  static final int FILETIME = 0x11;
  static final int SID = 0x13;
  static final int HEX_INT64 = 0x15;
  static final int BINXML = 0x21;

  static final BinXmlValue NULL_VALUE = new BinXmlValue(NULL, new byte[0]);

  private final int type;
  private final byte[] bytes;

  private BinXmlValue(int type, byte[] bytes) {
    this.type = type;
    this.bytes = bytes;
  }

  /** The value type byte. */
  int type() {
    return type;
  }

  /** The value's bytes as they follow the substitution array (not a copy: do not modify). */
  byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "BinXmlValue[type=" + type + ", size=" + bytes.length + "]";
  }

  /** 100 ns intervals from 1601-01-01 to 1970-01-01. */
  private static final long FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000L;

  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,19}");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");
  private static final Pattern BRACED_GUID =
      Pattern.compile("\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}");
  private static final Pattern SID_STRING = Pattern.compile("S-1-[0-9]{1,15}(-[0-9]{1,10}){0,15}");

  /**
   * How Windows types the System values (the standard System template of MS-EVEN6 events); keys
   * as in {@link EventXml#system()}. A value that does not parse as its type is an error.
   */
  private static final Map<String, Function<String, @Nullable BinXmlValue>> SYSTEM_TYPES =
      Map.ofEntries(
          Map.entry("Provider@Name", BinXmlValue::string),
          Map.entry("Provider@Guid", BinXmlValue::guid),
          Map.entry("EventID", v -> unsigned(v, UINT16, 2)),
          Map.entry("EventID@Qualifiers", v -> unsigned(v, UINT16, 2)),
          Map.entry("Version", v -> unsigned(v, UINT8, 1)),
          Map.entry("Level", v -> unsigned(v, UINT8, 1)),
          Map.entry("Task", v -> unsigned(v, UINT16, 2)),
          Map.entry("Opcode", v -> unsigned(v, UINT8, 1)),
          Map.entry("Keywords", v -> hex64(v, HEX_INT64)),
          Map.entry("TimeCreated@SystemTime", BinXmlValue::fileTime),
          Map.entry("EventRecordID", v -> unsigned(v, UINT64, 8)),
          Map.entry("Correlation@ActivityID", BinXmlValue::guid),
          Map.entry("Correlation@RelatedActivityID", BinXmlValue::guid),
          Map.entry("Execution@ProcessID", v -> unsigned(v, UINT32, 4)),
          Map.entry("Execution@ThreadID", v -> unsigned(v, UINT32, 4)),
          Map.entry("Channel", BinXmlValue::string),
          Map.entry("Computer", BinXmlValue::string),
          Map.entry("Security@UserID", BinXmlValue::sid));

  /**
   * The EventData items Windows stores typed rather than as strings, by provider and Data name:
   * the manifests declare them so (Sysmon: win:GUID, win:UInt32, win:HexInt64; Security 4688:
   * win:SID, and win:HexInt64 for logon ids and for the process ids, size_t on x64, as Windows 10
   * writes them).
   */
  private static final Map<String, Function<String, @Nullable BinXmlValue>> DATA_TYPES =
      Map.ofEntries(
          Map.entry("Microsoft-Windows-Sysmon/ProcessGuid", BinXmlValue::guid),
          Map.entry("Microsoft-Windows-Sysmon/ParentProcessGuid", BinXmlValue::guid),
          Map.entry("Microsoft-Windows-Sysmon/LogonGuid", BinXmlValue::guid),
          Map.entry("Microsoft-Windows-Sysmon/ProcessId", v -> unsigned(v, UINT32, 4)),
          Map.entry("Microsoft-Windows-Sysmon/ParentProcessId", v -> unsigned(v, UINT32, 4)),
          Map.entry("Microsoft-Windows-Sysmon/TerminalSessionId", v -> unsigned(v, UINT32, 4)),
          Map.entry("Microsoft-Windows-Sysmon/LogonId", v -> hex64(v, HEX_INT64)),
          Map.entry("Microsoft-Windows-Security-Auditing/SubjectUserSid", BinXmlValue::sid),
          Map.entry("Microsoft-Windows-Security-Auditing/TargetUserSid", BinXmlValue::sid),
          Map.entry("Microsoft-Windows-Security-Auditing/MandatoryLabel", BinXmlValue::sid),
          Map.entry("Microsoft-Windows-Security-Auditing/SubjectLogonId", v -> hex64(v, HEX_INT64)),
          Map.entry("Microsoft-Windows-Security-Auditing/TargetLogonId", v -> hex64(v, HEX_INT64)),
          Map.entry("Microsoft-Windows-Security-Auditing/NewProcessId", v -> hex64(v, HEX_INT64)),
          Map.entry("Microsoft-Windows-Security-Auditing/ProcessId", v -> hex64(v, HEX_INT64)));

  /** A System value typed like Windows, or an exception naming the key when it does not parse. */
  static BinXmlValue system(String key, String value) {
    Function<String, @Nullable BinXmlValue> type = SYSTEM_TYPES.get(key);
    BinXmlValue typed = type == null ? null : type.apply(value);
    if (typed == null) {
      throw new IllegalArgumentException("System value " + key + " does not parse: " + value);
    }
    return typed;
  }

  /**
   * An EventData value typed like Windows for the provider, or a UTF-16 string when the item is
   * not typed or its text is not of its type (Splunk renders some SIDs as names: "NULL SID").
   */
  static BinXmlValue eventData(String provider, @Nullable String name, String value) {
    Function<String, @Nullable BinXmlValue> type = DATA_TYPES.get(provider + "/" + name);
    BinXmlValue typed = type == null ? null : type.apply(value);
    return typed != null ? typed : string(value);
  }

  static BinXmlValue string(String value) {
    if (value.length() > 0x7fff) {
      throw new IllegalArgumentException("string value too long: " + value.length() + " chars");
    }
    return new BinXmlValue(STRING, value.getBytes(StandardCharsets.UTF_16LE));
  }

  private static @Nullable BinXmlValue unsigned(String value, int type, int size) {
    if (!DECIMAL.matcher(value).matches()) {
      return null;
    }
    long parsed;
    try {
      parsed = Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
    if (size < 8 && Long.compareUnsigned(parsed, (1L << (8 * size)) - 1) > 0) {
      return null;
    }
    return new BinXmlValue(type, littleEndian(parsed, size));
  }

  private static @Nullable BinXmlValue hex64(String value, int type) {
    if (!HEX.matcher(value).matches()) {
      return null;
    }
    return new BinXmlValue(type, littleEndian(Long.parseUnsignedLong(value.substring(2), 16), 8));
  }

  private static @Nullable BinXmlValue guid(String value) {
    if (!BRACED_GUID.matcher(value).matches()) {
      return null;
    }
    return new BinXmlValue(GUID, guidBytes(UUID.fromString(value.substring(1, value.length() - 1))));
  }

  /** A GUID as Windows stores it: the first three groups little-endian, the rest as written. */
  static byte[] guidBytes(UUID uuid) {
    long msb = uuid.getMostSignificantBits();
    ByteBuffer guid = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    guid.putInt(0, (int) (msb >>> 32)).putShort(4, (short) (msb >>> 16)).putShort(6, (short) msb);
    guid.order(ByteOrder.BIG_ENDIAN).putLong(8, uuid.getLeastSignificantBits());
    return guid.array();
  }

  private static @Nullable BinXmlValue sid(String value) {
    if (!SID_STRING.matcher(value).matches()) {
      return null;
    }
    String[] parts = value.split("-", -1);
    long authority = Long.parseLong(parts[2]);
    int subCount = parts.length - 3;
    if (authority >= 1L << 48) {
      return null;
    }
    byte[] sid = new byte[8 + 4 * subCount];
    sid[0] = 1;
    sid[1] = (byte) subCount;
    for (int i = 0; i < 6; i++) {
      sid[2 + i] = (byte) (authority >>> (8 * (5 - i))); // the authority is big-endian
    }
    for (int i = 0; i < subCount; i++) {
      long sub = Long.parseLong(parts[3 + i]);
      if (sub > 0xffff_ffffL) {
        return null;
      }
      System.arraycopy(littleEndian(sub, 4), 0, sid, 8 + 4 * i, 4);
    }
    return new BinXmlValue(SID, sid);
  }

  private static @Nullable BinXmlValue fileTime(String value) {
    try {
      return new BinXmlValue(FILETIME, littleEndian(fileTime(Instant.parse(value)), 8));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The FILETIME of an instant: 100 ns intervals since 1601-01-01 UTC (finer digits dropped). */
  static long fileTime(Instant instant) {
    return instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100 + FILETIME_EPOCH_OFFSET;
  }

  private static byte[] littleEndian(long value, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }
}
