// SPDX-License-Identifier: Apache-2.0
/**
 * The Windows Security 4688 event format: {@link io.tunnelwatch.winsecurity.WinSecurity4688Format}
 * reads process creations from XmlWinEventLog lines and skips every other Windows event.
 */
@NullMarked
package io.tunnelwatch.winsecurity;

import org.jspecify.annotations.NullMarked;
