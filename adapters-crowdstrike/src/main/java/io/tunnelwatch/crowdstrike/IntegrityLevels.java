// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

/**
 * CrowdStrike's {@code IntegrityLevel} (the Windows mandatory label's RID, {@code 12288}) as the CIM
 * names it ({@code high}), the table of DESIGN.md 2.3. Decimal and {@code 0x} hexadecimal codes are
 * read; a code outside the table, or a value that is no code, stays as it was written.
 */
final class IntegrityLevels {
  private IntegrityLevels() {}

  static String name(String raw) {
    int code = code(raw);
    return switch (code) {
      case 0 -> "untrusted";
      case 0x1000 -> "low";
      case 0x2000 -> "medium";
      case 0x2100 -> "medium_plus";
      case 0x3000 -> "high";
      case 0x4000 -> "system";
      case 0x5000 -> "protected";
      default -> raw;
    };
  }

  /** The code, or -1 when {@code raw} is not a decimal or {@code 0x} hexadecimal number that fits. */
  private static int code(String raw) {
    boolean hex = raw.length() > 2 && raw.charAt(0) == '0' && (raw.charAt(1) == 'x' || raw.charAt(1) == 'X');
    int radix = hex ? 16 : 10;
    int from = hex ? 2 : 0;
    if (raw.length() - from < 1 || raw.length() - from > 7) {
      return -1;
    }
    int code = 0;
    for (int i = from; i < raw.length(); i++) {
      int d = Character.digit(raw.charAt(i), radix);
      if (d < 0 || raw.charAt(i) > 'f') { // digit() also takes non-ASCII digits
        return -1;
      }
      code = code * radix + d;
    }
    return code;
  }
}
