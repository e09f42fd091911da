// SPDX-License-Identifier: Apache-2.0
/**
 * Not API: Windows events that come many to a file or wrapped in JSON: Event Viewer and
 * {@code wevtutil} XML exports split into single events, and Splunk search exports and HEC events
 * unwrapped, each handed on as the UTF-8 bytes of one {@code <Event>} that the XmlWinEventLog line
 * parser reads.
 */
@NullMarked
package io.tunnelwatch.winevent.internal.export;

import org.jspecify.annotations.NullMarked;
