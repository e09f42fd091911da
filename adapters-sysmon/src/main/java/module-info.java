// SPDX-License-Identifier: Apache-2.0
/**
 * Reads Sysmon Event ID 1 (process creation) from every form of Windows event (XmlWinEventLog
 * lines, {@code .evtx} files, XML exports) into tunnelwatch {@code ProcessEvent}s; registers {@link io.tunnelwatch.sysmon.SysmonFormat} as an event format.
 */
module io.tunnelwatch.sysmon {
  requires transitive io.tunnelwatch.winevent;

  exports io.tunnelwatch.sysmon;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.sysmon.SysmonFormat;
}
