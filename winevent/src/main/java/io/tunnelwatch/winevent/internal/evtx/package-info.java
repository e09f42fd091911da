// SPDX-License-Identifier: Apache-2.0
/** Not API: the native EVTX file format (MS-EVEN6 Binary XML in 64 KiB chunks). */
@NullMarked
package io.tunnelwatch.winevent.internal.evtx;

import org.jspecify.annotations.NullMarked;
