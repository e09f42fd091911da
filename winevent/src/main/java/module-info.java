// SPDX-License-Identifier: Apache-2.0
/**
 * Windows events in every form users keep them (XmlWinEventLog lines, Event Viewer exports, native
 * {@code .evtx} files) read into one {@link io.tunnelwatch.winevent.WinEvent} model, and the SPI
 * through which the Sysmon and Security 4688 adapters map it.
 */
module io.tunnelwatch.winevent {
  requires transitive io.tunnelwatch.core;
  requires java.xml;
  // The StAX implementation the parser creates by class (its reader, not its API, is used).
  requires com.fasterxml.aalto;
  // Streaming JSON for XML wrapped in Splunk export and HEC lines; not in the API.
  requires com.fasterxml.jackson.core;

  exports io.tunnelwatch.winevent;
  exports io.tunnelwatch.winevent.spi;
}
