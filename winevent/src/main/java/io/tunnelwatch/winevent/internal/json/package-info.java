// SPDX-License-Identifier: Apache-2.0
/**
 * Not API: Windows events rendered as JSON (DESIGN.md section 4.3): evtx_dump, Elastic ECS raw and
 * ingested, flat EventData (NXLog, OTRF/HELK, Sentinel {@code SecurityEvent}), read into
 * {@link io.tunnelwatch.winevent.WinEvent}.
 */
@NullMarked
package io.tunnelwatch.winevent.internal.json;

import org.jspecify.annotations.NullMarked;
