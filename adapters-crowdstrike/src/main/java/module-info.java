// SPDX-License-Identifier: Apache-2.0
/**
 * Reads CrowdStrike Falcon Data Replicator (FDR) JSON lines: {@code ProcessRollup2} and
 * {@code SyntheticProcessRollup2} become {@link io.tunnelwatch.core.ProcessEvent}s; host names are
 * learned from {@code AidMaster} and {@code ManagedAssets} lines or asked of a user resolver.
 */
module io.tunnelwatch.crowdstrike {
  requires transitive io.tunnelwatch.core;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports io.tunnelwatch.crowdstrike;

  provides io.tunnelwatch.core.spi.EventFormat with io.tunnelwatch.crowdstrike.CrowdStrikeFormat;
}
