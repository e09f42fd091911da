// SPDX-License-Identifier: Apache-2.0
/**
 * The CrowdStrike FDR event format: {@link io.tunnelwatch.crowdstrike.CrowdStrikeFormat} and the
 * {@link io.tunnelwatch.crowdstrike.AgentHostResolver} a user may supply for host names.
 */
@NullMarked
package io.tunnelwatch.crowdstrike;

import org.jspecify.annotations.NullMarked;
