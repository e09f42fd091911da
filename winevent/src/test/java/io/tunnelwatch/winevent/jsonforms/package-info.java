// SPDX-License-Identifier: Apache-2.0
/**
 * Test tooling: renders a Windows event into the JSON forms other tools write (evtx_dump, Elastic
 * ECS raw and ingested, NXLog {@code im_msvistalog}, OTRF/HELK flat, Sentinel {@code SecurityEvent}),
 * key for key and type for type as the real examples in {@code shared/corpus/json-shapes} show, so
 * that the readers of those forms can be tested on every corpus event (DESIGN section 4.3).
 * {@link io.tunnelwatch.winevent.jsonforms.JsonForms} is the entry point.
 *
 * <p>Not API: shipped only in the {@code winevent} test-jar.
 */
@NullMarked
package io.tunnelwatch.winevent.jsonforms;

import org.jspecify.annotations.NullMarked;
