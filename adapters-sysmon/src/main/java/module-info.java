/**
 * Reads Sysmon Event ID 1 (process creation) from Splunk XmlWinEventLog lines into tunnelwatch
 * {@code ProcessEvent}s; registers {@link io.tunnelwatch.sysmon.SysmonFormat} as an event format.
 */
module io.tunnelwatch.sysmon {
  requires transitive io.tunnelwatch.core;

  exports io.tunnelwatch.sysmon;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.sysmon.SysmonFormat;
}
