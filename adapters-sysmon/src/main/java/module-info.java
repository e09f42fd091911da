/**
 * Reads Sysmon Event ID 1 (process creation) from Splunk XmlWinEventLog lines into tunnelwatch
 * {@code ProcessEvent}s; registers {@link io.tunnelwatch.sysmon.SysmonFormat} as an event format.
 */
module io.tunnelwatch.sysmon {
  requires transitive io.tunnelwatch.core;
  // The StAX implementation the adapter creates by class (its reader, not its API, is used).
  requires com.fasterxml.aalto;

  exports io.tunnelwatch.sysmon;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.sysmon.SysmonFormat;
}
