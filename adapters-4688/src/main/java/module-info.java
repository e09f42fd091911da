/**
 * Reads Windows Security 4688 (process creation) from Splunk XmlWinEventLog lines into tunnelwatch
 * {@code ProcessEvent}s; registers {@link io.tunnelwatch.winsecurity.WinSecurity4688Format} as an
 * event format.
 */
module io.tunnelwatch.winsecurity {
  requires transitive io.tunnelwatch.core;

  exports io.tunnelwatch.winsecurity;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.winsecurity.WinSecurity4688Format;
}
