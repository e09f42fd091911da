/**
 * Windows events in every form users keep them (XmlWinEventLog lines, Event Viewer exports, native
 * {@code .evtx} files) read into one model, for the Sysmon and Security 4688 adapters.
 */
module io.tunnelwatch.winevent {
  requires transitive io.tunnelwatch.core;
  // Streaming JSON for XML wrapped in Splunk export and HEC lines; not in the API.
  requires com.fasterxml.jackson.core;

  exports io.tunnelwatch.winevent;
}
