// SPDX-License-Identifier: Apache-2.0
/** Not API: how {@link io.tunnelwatch.core.EventReader} reads lines: splitting, routing, the prefilter, the parallel read. */
@NullMarked
package io.tunnelwatch.core.internal.read;

import org.jspecify.annotations.NullMarked;
