// SPDX-License-Identifier: Apache-2.0
/**
 * Not API: parsing of Windows XmlWinEventLog lines (one {@code <Event>} per line) shared by the
 * Sysmon and Security 4688 adapters. Exported only to those modules.
 */
@NullMarked
package io.tunnelwatch.winevent.internal;

import org.jspecify.annotations.NullMarked;
