// SPDX-License-Identifier: Apache-2.0
/**
 * Reads Windows Security 4688 (process creation) from every form of Windows event (XmlWinEventLog lines, .evtx files, XML exports) into tunnelwatch
 * {@code ProcessEvent}s; registers {@link io.tunnelwatch.winsecurity.WinSecurity4688Format} as an
 * event format.
 */
module io.tunnelwatch.winsecurity {
  requires transitive io.tunnelwatch.winevent;

  exports io.tunnelwatch.winsecurity;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.winsecurity.WinSecurity4688Format;
}
