/**
 * The tunnelwatch detection: the {@code ProcessEvent} model, the predicate, the {@code tstats}-like
 * aggregation, the Splunk schedule, result rows, risk events, and the SPIs for result filters and
 * event formats.
 */
// "module": the qualified export names the adapter modules, which are compiled after core.
@SuppressWarnings("module")
module io.tunnelwatch.core {
  requires transitive org.jspecify;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires java.xml;

  exports io.tunnelwatch.core;
  exports io.tunnelwatch.core.spi;
  // Not API: the XmlWinEventLog parsing the two Windows adapters share.
  exports io.tunnelwatch.core.internal.winevent to io.tunnelwatch.sysmon, io.tunnelwatch.winsecurity;

  uses io.tunnelwatch.core.spi.DetectionFilter;
  uses io.tunnelwatch.core.spi.EventFormat;
}
