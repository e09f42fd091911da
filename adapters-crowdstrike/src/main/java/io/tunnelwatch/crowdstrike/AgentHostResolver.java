// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import java.util.Optional;

/**
 * Knows the host name of a CrowdStrike agent id ({@code aid}), for process events whose host the
 * stream itself did not name (no {@code ComputerName}, no earlier {@code AidMaster} or
 * {@code ManagedAssets} line for the agent). A lookup in an asset inventory or a CSV export of
 * {@code aid_master}, for example.
 *
 * <p>Called once per such event, on the reading thread, so it should answer from memory; it must
 * be thread-safe when the format serves several readers. An empty answer, or an exception (logged),
 * leaves the event's {@code dest} as {@code unknown}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AgentHostResolver {
  /**
   * The host name of agent {@code aid}, or empty when unknown.
   *
   * @param aid the agent id as the event carries it, never empty
   */
  Optional<String> hostName(String aid);
}
