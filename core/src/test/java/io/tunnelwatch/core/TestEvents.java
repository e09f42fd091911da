// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Instant;
import java.util.Random;

/** Events for core's tests, built through the public builder like an adapter would. */
final class TestEvents {
  private TestEvents() {}

  static ProcessEvent devtunnel(String time, String dest) {
    return event(Instant.parse(time), dest, "devtunnel.exe", "devtunnel.dll");
  }

  static ProcessEvent event(Instant time, String dest, String processName, String originalFileName) {
    return ProcessEvent.builder(time, new EventOrigin("test", "test", 1))
        .set(Field.PROCESS, processName + " host -p 8080")
        .set(Field.VENDOR_PRODUCT, "Microsoft Sysmon")
        .set(Field.ACTION, "allowed")
        .set(Field.DEST, dest)
        .set(Field.PROCESS_PATH, "C:\\Tools\\" + processName)
        .set(Field.PROCESS_NAME, processName)
        .set(Field.ORIGINAL_FILE_NAME, originalFileName)
        .set(Field.PARENT_PROCESS_NAME, "cmd.exe")
        .set(Field.USER, "alice")
        .build();
  }

  /**
   * A random event from a small universe, so that groups repeat: a third match by process name,
   * a third by original file name only (renamed), a third not at all.
   */
  static ProcessEvent random(Random r, Instant base, long spreadSeconds) {
    Instant t = base.plusMillis((long) (r.nextDouble() * spreadSeconds * 1000));
    String dest = "host-" + r.nextInt(4);
    return switch (r.nextInt(3)) {
      case 0 -> event(t, dest, r.nextBoolean() ? "devtunnel.exe" : "DevTunnel.EXE", "devtunnel.dll");
      case 1 -> event(t, dest, "renamed.exe", "devtunnel.dll");
      default -> event(t, dest, "cmd.exe", "Cmd.Exe");
    };
  }
}
