// SPDX-License-Identifier: Apache-2.0
/**
 * The Sysmon event format: {@link io.tunnelwatch.sysmon.SysmonFormat} reads Sysmon Event ID 1 from
 * XmlWinEventLog lines and skips every other Windows event.
 */
@NullMarked
package io.tunnelwatch.sysmon;

import org.jspecify.annotations.NullMarked;
