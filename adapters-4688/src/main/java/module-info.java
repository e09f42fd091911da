/**
 * Reads Windows Security 4688 (process creation) from Splunk XmlWinEventLog lines into tunnelwatch
 * {@code ProcessEvent}s; registers {@link io.tunnelwatch.winsecurity.WinSecurity4688Format} as an
 * event format.
 */
module io.tunnelwatch.winsecurity {
  requires transitive io.tunnelwatch.core;
  // The StAX implementation the adapter creates by class (its reader, not its API, is used).
  requires com.fasterxml.aalto;

  exports io.tunnelwatch.winsecurity;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.winsecurity.WinSecurity4688Format;
}
