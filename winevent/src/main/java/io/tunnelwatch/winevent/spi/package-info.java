// SPDX-License-Identifier: Apache-2.0
/**
 * What the Windows adapters implement: a field mapping from {@link io.tunnelwatch.winevent.WinEvent}
 * that reaches every form of Windows event this module reads.
 */
@NullMarked
package io.tunnelwatch.winevent.spi;

import org.jspecify.annotations.NullMarked;
