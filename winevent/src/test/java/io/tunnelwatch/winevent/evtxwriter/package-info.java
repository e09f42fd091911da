// SPDX-License-Identifier: Apache-2.0
/**
 * Test tooling: writes native {@code .evtx} files (MS-EVEN6 Binary XML in 64 KiB chunks) from the
 * Windows XML of events, for the EVTX reader's tests and the benchmarks' large inputs.
 *
 * <p>Not API: shipped only in the {@code winevent} test-jar.
 */
@NullMarked
package io.tunnelwatch.winevent.evtxwriter;

import org.jspecify.annotations.NullMarked;
