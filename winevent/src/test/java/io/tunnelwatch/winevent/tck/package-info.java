// SPDX-License-Identifier: Apache-2.0
/**
 * Test kits every Windows event adapter runs: {@link io.tunnelwatch.winevent.tck.WinEventFormsKit}
 * checks that a record gives the same row whatever form it is read from (DESIGN section 4).
 *
 * <p>Not API: shipped only in the {@code winevent} test-jar.
 */
@NullMarked
package io.tunnelwatch.winevent.tck;

import org.jspecify.annotations.NullMarked;
