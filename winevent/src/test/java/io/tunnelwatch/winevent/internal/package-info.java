// SPDX-License-Identifier: Apache-2.0
/** Tests of the shared XmlWinEventLog parsing. */
@NullMarked
package io.tunnelwatch.winevent.internal;

import org.jspecify.annotations.NullMarked;
